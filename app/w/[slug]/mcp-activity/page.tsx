import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getWorkspaceForUser, requireServerSession } from "@/app/_lib/session";
import { McpActivityView } from "./mcp-activity-view";

export const metadata: Metadata = { title: "MCP activity" };

export default async function McpActivityPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const session = await requireServerSession(`/w/${slug}/mcp-activity`);
  const workspace = await getWorkspaceForUser(session, slug);
  // The API refuses non-admins too; hiding the page keeps the nav and the URL consistent.
  if (!workspace || (workspace.role !== "owner" && workspace.role !== "admin")) notFound();
  return <McpActivityView />;
}
