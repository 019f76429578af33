import type { Metadata } from "next";
import Link from "next/link";
import { getServerSession } from "@/app/_lib/session";
import { AuthCard, AuthShell } from "@/components/auth-shell";
import { withNext } from "@/components/navigation";
import { Button } from "@/components/ui/button";
import { AcceptInvitation } from "./accept-invitation";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const session = await getServerSession();
  const here = `/invite/${encodeURIComponent(token)}`;

  return (
    <AuthShell>
      <AuthCard
        title="You have been invited"
        description={
          session
            ? "Accept the invitation to join the workspace."
            : "Sign in or create an account with the email address the invitation was sent to."
        }
      >
        {session ? (
          <AcceptInvitation
            token={token}
            email={session.user.email}
            signInPath={withNext("/sign-in", here)}
          />
        ) : (
          <div className="grid gap-2">
            <Button asChild>
              <Link href={withNext("/sign-in", here)}>Sign in</Link>
            </Button>
            <Button asChild variant="outline">
              <Link href={withNext("/sign-up", here)}>Create account</Link>
            </Button>
          </div>
        )}
      </AuthCard>
    </AuthShell>
  );
}
