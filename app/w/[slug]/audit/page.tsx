import type { Metadata } from "next";
import { requireWorkspaceAdmin } from "@/app/_lib/session";
import { AuditView } from "./audit-view";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireWorkspaceAdmin(slug, "/audit");
  return <AuditView />;
}
