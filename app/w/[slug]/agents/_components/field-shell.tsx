import type { ReactNode } from "react";
import { Label } from "@/components/ui/label";

/**
 * Label, hint and error around a control that FormField cannot wire itself (a Radix Select's
 * trigger sits inside the Root). The caller gives the control `id` and `aria-describedby={describedBy(id, ...)}`.
 */
export function FieldShell({
  id,
  label,
  description,
  error,
  children,
}: {
  id: string;
  label: ReactNode;
  description?: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {description ? (
        <p id={`${id}-description`} className="text-sm text-muted-foreground">
          {description}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function describedBy(id: string, hasDescription: boolean, error?: string): string | undefined {
  return (
    [hasDescription ? `${id}-description` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") ||
    undefined
  );
}
