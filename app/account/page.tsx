import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { listWorkspacesForUser, requireServerSession } from "@/app/_lib/session";
import { Brand } from "@/components/brand";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { UserMenu } from "@/components/user-menu";
import { PasswordForm } from "./password-form";
import { ProfileForm } from "./profile-form";
import { SessionsCard } from "./sessions-card";
import { SignOutCard } from "./sign-out-card";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const session = await requireServerSession("/account");
  const [first] = await listWorkspacesForUser(session);

  return (
    <div className="min-h-dvh">
      <header className="sticky top-0 z-40 flex h-14 items-center gap-3 border-b bg-background/95 px-3 backdrop-blur md:px-6">
        <Brand className="text-sm" />
        <div className="ml-auto">
          <UserMenu email={session.user.email} />
        </div>
      </header>
      <main className="mx-auto w-full max-w-3xl space-y-8 px-4 py-6 md:py-8">
        <Button asChild variant="ghost" size="sm" className="-ml-2">
          <Link href={first ? `/w/${first.slug}` : "/new-workspace"}>
            <ArrowLeft aria-hidden="true" />
            {first ? `Back to ${first.name}` : "Create a workspace"}
          </Link>
        </Button>
        <PageHeader title="Account" description={session.user.email} />
        <ProfileForm />
        <PasswordForm />
        <SessionsCard />
        <SignOutCard />
      </main>
    </div>
  );
}
