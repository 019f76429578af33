import type { Metadata } from "next";
import { requireWorkspaceAdmin } from "@/app/_lib/session";
import { IntegrationsView } from "./integrations-view";

export const metadata: Metadata = { title: "Integrations" };

export default async function IntegrationsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireWorkspaceAdmin(slug, "/integrations");
  return <IntegrationsView />;
}
