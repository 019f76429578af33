"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import type { FormEvent } from "react";
import { api } from "@/components/api/client";
import { useFormErrors } from "@/components/api/use-form-errors";
import { AuthForm } from "@/components/auth-form";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

interface SignInResponse {
  user: { id: string; email: string };
  workspaces: { slug: string; name: string; role: string }[];
}

const fields = ["email", "password"] as const;

export function SignInForm({ next }: { next: string | null }) {
  const errors = useFormErrors(fields);
  const signIn = useMutation({
    mutationFn: (input: { email: string; password: string }) =>
      api<SignInResponse>("/api/auth/sign-in", { method: "POST", body: input }),
    onMutate: errors.reset,
    onSuccess: ({ workspaces }) => {
      const [first] = workspaces;
      // Full load so every server layout renders for the newly signed-in user.
      window.location.assign(next ?? (first ? `/w/${first.slug}` : "/new-workspace"));
    },
    onError: errors.handle,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    signIn.mutate({
      email: String(data.get("email") ?? "").trim(),
      password: String(data.get("password") ?? ""),
    });
  }

  return (
    <AuthForm
      onSubmit={onSubmit}
      error={errors.formError}
      submitLabel="Sign in"
      pending={signIn.isPending || signIn.isSuccess}
    >
      <FormField id="email" label="Email" error={errors.fieldErrors.email}>
        <Input name="email" type="email" autoComplete="email" required autoFocus />
      </FormField>
      <div className="grid gap-2">
        <FormField id="password" label="Password" error={errors.fieldErrors.password}>
          <Input name="password" type="password" autoComplete="current-password" required />
        </FormField>
        <Link
          href="/forgot-password"
          className="justify-self-end text-sm text-muted-foreground underline-offset-4 hover:text-foreground hover:underline"
        >
          Forgot password?
        </Link>
      </div>
    </AuthForm>
  );
}
