import type { Metadata } from "next";
import { FlowEditorPage } from "@/components/flows/flow-editor-page";

export const metadata: Metadata = { title: "Flow editor" };

export default async function FlowPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  return <FlowEditorPage slug={slug} flowId={id} />;
}
