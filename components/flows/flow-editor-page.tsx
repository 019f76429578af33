"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/components/api/client";
import { PageHeader } from "@/components/page-header";
import { type Flow, flowKeys, flowPath } from "./api-types";
import { FlowEditor } from "./flow-editor";

/** The editor page: the flow's name as the heading, then the editor. */
export function FlowEditorPage({ slug, flowId }: { slug: string; flowId: string }) {
  const flow = useQuery({
    queryKey: flowKeys.one(slug, flowId),
    queryFn: ({ signal }) => api<{ flow: Flow }>(flowPath(slug, flowId), { signal }),
  });
  return (
    <div className="space-y-4">
      <PageHeader
        title={flow.data?.flow.name ?? "Flow"}
        description={flow.data?.flow.description || undefined}
      />
      <FlowEditor slug={slug} flowId={flowId} />
    </div>
  );
}
