"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { toast } from "sonner";
import { api } from "@/components/api/client";
import { useFormErrors } from "@/components/api/use-form-errors";
import { AuthForm } from "@/components/auth-form";
import { FormAlert, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

const fields = ["password", "confirmPassword"] as const;

export function ResetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const errors = useFormErrors(fields);
  const reset = useMutation({
    mutationFn: (password: string) =>
      api<{ ok: true }>("/api/auth/password-reset/confirm", { method: "POST", body: { token, password } }),
    onMutate: errors.reset,
    onSuccess: () => {
      toast.success("Password updated. Sign in with your new password.");
      router.push("/sign-in");
    },
    onError: errors.handle,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const password = String(data.get("password") ?? "");
    if (password !== String(data.get("confirmPassword") ?? "")) {
      errors.setFieldErrors({ confirmPassword: "The passwords do not match." });
      return;
    }
    reset.mutate(password);
  }

  return (
    <AuthForm
      onSubmit={onSubmit}
      alert={
        errors.formError ? (
          <div className="grid gap-2">
            <FormAlert message={errors.formError} />
            <Link href="/forgot-password" className="text-sm font-medium underline-offset-4 hover:underline">
              Request a new link
            </Link>
          </div>
        ) : null
      }
      submitLabel="Set new password"
      pending={reset.isPending || reset.isSuccess}
    >
      <FormField
        id="password"
        label="New password"
        description="At least 8 characters."
        error={errors.fieldErrors.password}
      >
        <Input name="password" type="password" autoComplete="new-password" minLength={8} required autoFocus />
      </FormField>
      <FormField id="confirmPassword" label="Confirm new password" error={errors.fieldErrors.confirmPassword}>
        <Input name="confirmPassword" type="password" autoComplete="new-password" required />
      </FormField>
    </AuthForm>
  );
}
