import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth-shell";
import { firstParam } from "@/components/navigation";
import { Button } from "@/components/ui/button";
import { ResetPasswordForm } from "./reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  // Local links carry `token`; Supabase's recovery e-mail template carries `token_hash`.
  const token = firstParam(params.token) ?? firstParam(params.token_hash);

  return (
    <AuthCard
      title="Choose a new password"
      description={
        token ? "Other devices will be signed out." : "This reset link is incomplete. Request a new one."
      }
    >
      {token ? (
        <ResetPasswordForm token={token} />
      ) : (
        <Button asChild className="w-full">
          <Link href="/forgot-password">Request a new link</Link>
        </Button>
      )}
    </AuthCard>
  );
}
