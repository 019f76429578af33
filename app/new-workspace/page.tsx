import type { Metadata } from "next";
import Link from "next/link";
import { listWorkspacesForUser, requireServerSession } from "@/app/_lib/session";
import { AuthCard, AuthShell } from "@/components/auth-shell";
import { NewWorkspaceForm } from "./new-workspace-form";

export const metadata: Metadata = { title: "Create workspace" };

export default async function NewWorkspacePage() {
  const session = await requireServerSession("/new-workspace");
  const [first] = await listWorkspacesForUser(session);

  return (
    <AuthShell>
      <AuthCard
        title="Create a workspace"
        description="A workspace holds your team's members and settings. You will be its owner."
        footer={
          first ? (
            <Link href={`/w/${first.slug}`} className="font-medium underline-offset-4 hover:underline">
              Back to {first.name}
            </Link>
          ) : (
            <Link href="/account" className="font-medium underline-offset-4 hover:underline">
              Account settings
            </Link>
          )
        }
      >
        <NewWorkspaceForm />
      </AuthCard>
    </AuthShell>
  );
}
