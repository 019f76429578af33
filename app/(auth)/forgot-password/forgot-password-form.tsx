"use client";

import { useMutation } from "@tanstack/react-query";
import { MailCheck } from "lucide-react";
import type { FormEvent } from "react";
import { api } from "@/components/api/client";
import { useFormErrors } from "@/components/api/use-form-errors";
import { AuthForm } from "@/components/auth-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

const fields = ["email"] as const;

export function ForgotPasswordForm() {
  const errors = useFormErrors(fields);
  const request = useMutation({
    mutationFn: (email: string) =>
      api<{ ok: true }>("/api/auth/password-reset", { method: "POST", body: { email } }).then(() => email),
    onMutate: errors.reset,
    onError: errors.handle,
  });

  if (request.isSuccess) {
    // Worded the same whether or not the account exists, matching the API.
    return (
      <div role="status" className="flex flex-col items-center gap-3 text-center">
        <MailCheck className="size-8 text-muted-foreground" aria-hidden="true" />
        <p className="font-medium">Check your email</p>
        <p className="text-sm text-muted-foreground">
          If an account exists for {request.data}, we sent it a link to reset the password. The link expires
          soon, so use it promptly.
        </p>
      </div>
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    request.mutate(String(new FormData(event.currentTarget).get("email") ?? "").trim());
  }

  return (
    <AuthForm
      onSubmit={onSubmit}
      error={errors.formError}
      submitLabel="Send reset link"
      pending={request.isPending}
    >
      <FormField id="email" label="Email" error={errors.fieldErrors.email}>
        <Input name="email" type="email" autoComplete="email" required autoFocus />
      </FormField>
    </AuthForm>
  );
}
