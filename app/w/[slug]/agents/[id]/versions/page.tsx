import type { Metadata } from "next";
import { AgentVersionsView } from "../../_components/agent-versions-view";

export const metadata: Metadata = { title: "Agent versions" };

export default async function AgentVersionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <AgentVersionsView id={id} />;
}
