"use client";

import { useMutation } from "@tanstack/react-query";
import { MailCheck } from "lucide-react";
import type { FormEvent } from "react";
import { api } from "@/components/api/client";
import { useFormErrors } from "@/components/api/use-form-errors";
import { AuthForm } from "@/components/auth-form";
import { withNext } from "@/components/navigation";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

interface SignUpResponse {
  user: { id: string; email: string };
  workspace: { slug: string; name: string } | null;
  /** Set when the auth provider wants the address confirmed before a session exists. */
  confirmEmail?: boolean;
}

interface SignUpInput {
  email: string;
  password: string;
  displayName?: string;
  workspaceName?: string;
  inviteToken?: string;
}

const fields = ["displayName", "email", "password", "workspaceName"] as const;

export function SignUpForm({
  next,
  inviteToken,
  email,
}: {
  next: string | null;
  /** The invitation being answered: lets its address sign up where sign-ups are closed. */
  inviteToken?: string;
  /** The invited address, filled in. */
  email?: string;
}) {
  const errors = useFormErrors(fields);
  const signUp = useMutation({
    mutationFn: (input: SignUpInput) =>
      api<SignUpResponse>("/api/auth/sign-up", { method: "POST", body: input }),
    onMutate: errors.reset,
    onSuccess: (result) => {
      if (result.confirmEmail) return;
      // An invitation link (next) wins over the new workspace: the user came here to join one.
      const destination = next ?? (result.workspace ? `/w/${result.workspace.slug}` : "/new-workspace");
      window.location.assign(destination);
    },
    onError: errors.handle,
  });

  if (signUp.data?.confirmEmail) {
    return (
      <div role="status" className="flex flex-col items-center gap-3 text-center">
        <MailCheck className="size-8 text-muted-foreground" aria-hidden="true" />
        <p className="font-medium">Check your email</p>
        <p className="text-sm text-muted-foreground">
          We sent a confirmation link to {signUp.data.user.email}. Confirm your address, then{" "}
          <a href={withNext("/sign-in", next)} className="font-medium text-foreground underline">
            sign in
          </a>
          .
        </p>
      </div>
    );
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    signUp.mutate({
      email: text("email"),
      password: String(data.get("password") ?? ""),
      // Optional fields are omitted rather than sent empty, which the API would reject.
      ...(text("displayName") ? { displayName: text("displayName") } : {}),
      ...(text("workspaceName") ? { workspaceName: text("workspaceName") } : {}),
      ...(inviteToken ? { inviteToken } : {}),
    });
  }

  return (
    <AuthForm
      onSubmit={onSubmit}
      error={errors.formError}
      submitLabel="Create account"
      pending={signUp.isPending || (signUp.isSuccess && !signUp.data.confirmEmail)}
    >
      <FormField id="displayName" label="Display name" error={errors.fieldErrors.displayName}>
        <Input name="displayName" autoComplete="name" maxLength={80} autoFocus />
      </FormField>
      <FormField id="email" label="Email" error={errors.fieldErrors.email}>
        <Input name="email" type="email" autoComplete="email" defaultValue={email} required />
      </FormField>
      <FormField
        id="password"
        label="Password"
        description="At least 8 characters."
        error={errors.fieldErrors.password}
      >
        <Input name="password" type="password" autoComplete="new-password" minLength={8} required />
      </FormField>
      <FormField
        id="workspaceName"
        label="Workspace name"
        description="Optional. You can rename it later."
        error={errors.fieldErrors.workspaceName}
      >
        <Input name="workspaceName" autoComplete="organization" maxLength={80} />
      </FormField>
    </AuthForm>
  );
}
