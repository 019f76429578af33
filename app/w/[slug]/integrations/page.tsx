import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getWorkspaceForUser, requireServerSession } from "@/app/_lib/session";
import { IntegrationsView } from "./integrations-view";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const session = await requireServerSession(`/w/${slug}/integrations`);
  const workspace = await getWorkspaceForUser(session, slug);
  // The API refuses non-admins too; hiding the page keeps the nav and the URL consistent.
  if (!workspace || (workspace.role !== "owner" && workspace.role !== "admin")) notFound();
  return <IntegrationsView />;
}
