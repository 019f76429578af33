import type { ReactNode } from "react";
import { Brand } from "@/components/brand";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";

/** Centered single-card page used by sign-in, invitations and workspace creation. */
export function AuthShell({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-8 bg-muted/40 px-4 py-10">
      <Brand />
      <div className="w-full max-w-sm">{children}</div>
    </main>
  );
}

/** The card of an auth-style page: its h1, a sentence, the form, and links under it (`footerClassName`). */
export function AuthCard({
  title,
  description,
  footer,
  footerClassName = "justify-center text-sm",
  children,
}: {
  title: string;
  description: ReactNode;
  footer?: ReactNode;
  footerClassName?: string;
  children: ReactNode;
}) {
  return (
    <Card>
      <CardHeader>
        <CardTitle asChild className="text-xl">
          <h1>{title}</h1>
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>{children}</CardContent>
      {footer ? <CardFooter className={footerClassName}>{footer}</CardFooter> : null}
    </Card>
  );
}
