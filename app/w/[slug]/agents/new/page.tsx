import type { Metadata } from "next";
import { NewAgentView } from "../_components/new-agent-view";

export const metadata: Metadata = { title: "New agent" };

export default function NewAgentPage() {
  return <NewAgentView />;
}
