import type { ReactNode } from "react";
import { Brand } from "@/components/brand";

/** Centered single-card page used by sign-in, invitations and workspace creation. */
export function AuthShell({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-8 bg-muted/40 px-4 py-10">
      <Brand />
      <div className="w-full max-w-sm">{children}</div>
    </main>
  );
}
