import type { Metadata } from "next";
import { requireWorkspaceAdmin } from "@/app/_lib/session";
import { McpActivityView } from "./mcp-activity-view";

export const metadata: Metadata = { title: "MCP activity" };

export default async function McpActivityPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireWorkspaceAdmin(slug, "/mcp-activity");
  return <McpActivityView />;
}
