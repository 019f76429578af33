import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getWorkspaceForUser, listWorkspacesForUser, requireServerSession } from "@/app/_lib/session";
import { billingEnabled } from "@/lib/env";
import { AppShell } from "./_components/app-shell";
import { WorkspaceProvider } from "./_components/workspace-context";

export default async function WorkspaceLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const session = await requireServerSession(`/w/${slug}`);
  const [workspace, workspaces] = await Promise.all([
    getWorkspaceForUser(session, slug),
    listWorkspacesForUser(session),
  ]);
  // Not a member and no such workspace look the same, so slugs cannot be probed.
  if (!workspace) notFound();

  // Only plain fields cross into client components.
  const current = {
    id: workspace.id,
    slug: workspace.slug,
    name: workspace.name,
    plan: workspace.plan,
    role: workspace.role,
    userId: session.user.id,
    billingEnabled: billingEnabled(),
  };
  const list = workspaces.map(({ id, slug, name, plan, role }) => ({ id, slug, name, plan, role }));

  return (
    <WorkspaceProvider workspace={current}>
      <AppShell workspaces={list} email={session.user.email}>
        {children}
      </AppShell>
    </WorkspaceProvider>
  );
}
