import type { FormEvent, ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-field";

/**
 * An auth-style page's form: the form-level error first (or `alert`, when it needs more than the
 * message), the fields, then one full-width submit button. method="post" so a submit that beats
 * hydration never puts a password in the URL.
 */
export function AuthForm({
  onSubmit,
  error,
  alert,
  submitLabel,
  pending,
  children,
}: {
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  error?: string | null;
  alert?: ReactNode;
  submitLabel: string;
  pending: boolean;
  children: ReactNode;
}) {
  return (
    <form method="post" onSubmit={onSubmit} noValidate className="grid gap-4">
      {alert === undefined ? <FormAlert message={error} /> : alert}
      {children}
      <Button type="submit" className="w-full" loading={pending}>
        {submitLabel}
      </Button>
    </form>
  );
}
