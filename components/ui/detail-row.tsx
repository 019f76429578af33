import type { ReactNode } from "react";
import { cn } from "@/lib/utils";

/** One label/value pair of a `<dl>`: stacked on phones, side by side from `sm`. */
export function DetailRow({
  label,
  className,
  children,
}: {
  label: string;
  /** Layout overrides, e.g. a wider label column. */
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={cn("grid min-w-0 gap-0.5 sm:grid-cols-[7rem_1fr] sm:gap-3", className)}>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}
