import type { Metadata } from "next";
import { EditAgentView } from "../../_components/edit-agent-view";

export const metadata: Metadata = { title: "Edit agent" };

export default async function EditAgentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EditAgentView id={id} />;
}
