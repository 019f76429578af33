import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getServerSession } from "@/app/_lib/session";
import { AuthCard } from "@/components/auth-shell";
import { firstParam, safeNextPath, withNext } from "@/components/navigation";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNextPath(firstParam((await searchParams).next));
  if (await getServerSession()) redirect(next ?? "/");

  return (
    <AuthCard
      title="Sign in"
      description="Welcome back. Sign in to your Switchboard account."
      footerClassName="justify-center text-sm text-muted-foreground"
      footer={
        <span>
          New to Switchboard?{" "}
          <Link
            href={withNext("/sign-up", next)}
            className="font-medium text-foreground underline-offset-4 hover:underline"
          >
            Create an account
          </Link>
        </span>
      }
    >
      <SignInForm next={next} />
    </AuthCard>
  );
}
