"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/client";
import { queryKeys } from "@/components/api/types";
import { useFormErrors } from "@/components/api/use-form-errors";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

const fields = ["currentPassword", "newPassword", "confirmPassword"] as const;

export function PasswordForm() {
  const queryClient = useQueryClient();
  const errors = useFormErrors(fields);
  const change = useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string; form: HTMLFormElement }) =>
      api<{ ok: true }>("/api/auth/change-password", {
        method: "POST",
        body: { currentPassword: input.currentPassword, newPassword: input.newPassword },
      }),
    onMutate: errors.reset,
    onSuccess: (_data, { form }) => {
      form.reset();
      toast.success("Password changed. Your other sessions were signed out.");
      return queryClient.invalidateQueries({ queryKey: queryKeys.sessions });
    },
    onError: errors.handle,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const newPassword = String(data.get("newPassword") ?? "");
    if (newPassword !== String(data.get("confirmPassword") ?? "")) {
      errors.setFormError(null);
      errors.setFieldErrors({ confirmPassword: "The new passwords do not match." });
      return;
    }
    change.mutate({ currentPassword: String(data.get("currentPassword") ?? ""), newPassword, form });
  }

  return (
    <Card>
      <form method="post" onSubmit={onSubmit} noValidate className="flex flex-col gap-6">
        <CardHeader>
          <CardTitle>Change password</CardTitle>
          <CardDescription>Changing your password signs out your other sessions.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:max-w-md">
          <FormField id="currentPassword" label="Current password" error={errors.fieldErrors.currentPassword}>
            <Input name="currentPassword" type="password" autoComplete="current-password" required />
          </FormField>
          <FormField
            id="newPassword"
            label="New password"
            description="At least 8 characters."
            error={errors.fieldErrors.newPassword}
          >
            <Input name="newPassword" type="password" autoComplete="new-password" minLength={8} required />
          </FormField>
          <FormField
            id="confirmPassword"
            label="Confirm new password"
            error={errors.fieldErrors.confirmPassword}
          >
            <Input name="confirmPassword" type="password" autoComplete="new-password" required />
          </FormField>
          <FormAlert message={errors.formError} />
        </CardContent>
        <CardFooter className="border-t">
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
