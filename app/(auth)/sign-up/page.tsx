import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getServerSession } from "@/app/_lib/session";
import { AuthCard } from "@/components/auth-shell";
import { firstParam, safeNextPath, withNext } from "@/components/navigation";
import { Button } from "@/components/ui/button";
import { type SignUpAvailability, signUpAvailability, signUpRulesFromEnv } from "@/lib/auth/signup-policy";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create account" };

/** The invitation being answered, when sign-up was reached from an invitation link. */
function inviteTokenOf(next: string | null): string | undefined {
  const match = next ? /^\/invite\/([^/?#]{16,200})$/.exec(next) : null;
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
}

function introFor(availability: SignUpAvailability): string {
  switch (availability.kind) {
    case "first-account":
      return "This instance has no accounts yet: yours will be the first.";
    case "domains":
      return `Sign-ups here are open to addresses at ${availability.domains.join(", ")}.`;
    case "invited":
      return `Create your account with ${availability.email}, the address the invitation was sent to.`;
    default:
      return "Start a workspace and invite your team.";
  }
}

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNextPath(firstParam((await searchParams).next));
  if (await getServerSession()) redirect(next ?? "/");
  const inviteToken = inviteTokenOf(next);
  const availability = await signUpAvailability(signUpRulesFromEnv(), { inviteToken });
  const signIn = (
    <Link
      href={withNext("/sign-in", next)}
      className="font-medium text-foreground underline-offset-4 hover:underline"
    >
      Sign in
    </Link>
  );

  if (availability.kind === "closed") {
    return (
      <AuthCard
        title="Sign-ups are closed"
        description="Accounts on this instance are by invitation only. Ask a workspace admin to invite you, then open the link in the invitation."
      >
        <Button asChild className="w-full">
          <Link href={withNext("/sign-in", next)}>Sign in with an existing account</Link>
        </Button>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Create your account"
      description={introFor(availability)}
      footerClassName="justify-center text-sm text-muted-foreground"
      footer={<span>Already have an account? {signIn}</span>}
    >
      <SignUpForm
        next={next}
        inviteToken={availability.kind === "invited" ? inviteToken : undefined}
        email={availability.kind === "invited" ? availability.email : undefined}
      />
    </AuthCard>
  );
}
