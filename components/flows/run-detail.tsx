"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { X } from "lucide-react";
import { toast } from "sonner";
import { api, errorMessage } from "@/components/api/client";
import { formatDateTime } from "@/components/format";
import { QueryView, Skeletons } from "@/components/query-view";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { DetailRow } from "@/components/ui/detail-row";
import {
  type FlowGraph,
  type FlowRunDetail,
  flowKeys,
  flowPath,
  flowRunPath,
  type NodeResult,
} from "./api-types";
import { ApprovalForm } from "./approval-form";
import { JsonPre, NodeResultView } from "./node-result-view";
import { StatusBadge } from "./status-badge";
import { useRunEvents } from "./use-run-events";

const ACTIVE = new Set(["queued", "running", "waiting"]);

/** One run: its status, input, error, a timeline of node results (live while it runs), and its actions. */
export function RunDetail({ slug, runId, onClose }: { slug: string; runId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: flowKeys.run(slug, runId),
    queryFn: ({ signal }) => api<{ run: FlowRunDetail }>(flowRunPath(slug, runId), { signal }),
  });
  const run = query.data?.run;
  // Node names and types: the version the run ran, or (a test run) the flow's draft.
  const graph = useQuery({
    queryKey: ["flow-run-graph", slug, run?.flowId, run?.version ?? "draft"],
    enabled: Boolean(run),
    queryFn: async ({ signal }): Promise<FlowGraph> => {
      const path = flowPath(slug, run?.flowId ?? "");
      if (run?.version)
        return (await api<{ version: { graph: FlowGraph } }>(`${path}/versions/${run.version}`, { signal }))
          .version.graph;
      return (await api<{ flow: { draft: FlowGraph } }>(path, { signal })).flow.draft;
    },
  });
  const active = run ? ACTIVE.has(run.status) : false;
  const live = useRunEvents(slug, active ? runId : null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: flowKeys.run(slug, runId) }),
      queryClient.invalidateQueries({ queryKey: ["flow-runs", slug] }),
    ]);
  const action = useMutation({
    mutationFn: (kind: "cancel" | "retry") => api(`${flowRunPath(slug, runId)}/${kind}`, { method: "POST" }),
    onSuccess: (_d, kind) => {
      toast.success(kind === "cancel" ? "Run canceled." : "Retrying from the failed node.");
      return refresh();
    },
    onError: (e) => toast.error(errorMessage(e)),
  });
  return (
    <Card className="min-w-0" data-testid="run-detail">
      <CardHeader className="flex flex-row items-start justify-between gap-2">
        <CardTitle>Run</CardTitle>
        <Button variant="ghost" size="icon" aria-label="Close run" onClick={onClose}>
          <X aria-hidden="true" />
        </Button>
      </CardHeader>
      <CardContent>
        <QueryView query={query} loading={<Skeletons className="h-24 w-full" count={2} />}>
          {({ run }) => {
            const status = live.status ?? run.status;
            const byKey = new Map<string, NodeResult>(run.nodes.map((n) => [`${n.nodeId}#${n.itemKey}`, n]));
            for (const n of Object.values(live.nodes)) byKey.set(`${n.nodeId}#${n.itemKey}`, n);
            const nodes = [...byKey.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
            const graphNodes = graph.data?.nodes ?? [];
            const names = new Map(graphNodes.map((n) => [n.id, n.name]));
            const types = new Map(graphNodes.map((n) => [n.id, n.type]));
            const pending = (run.approvals ?? []).filter((a) => a.status === "pending");
            const waitingApprovals =
              pending.length > 0
                ? pending.map((a) => ({ nodeId: a.nodeId, message: a.message }))
                : nodes
                    .filter((n) => n.status === "waiting" && types.get(n.nodeId) === "approval")
                    .map((n) => ({ nodeId: n.nodeId, message: "" }));
            return (
              <div className="grid gap-4">
                <dl className="grid gap-2 text-sm">
                  <DetailRow label="Status">
                    <span data-testid="run-status">
                      <StatusBadge status={status} />
                    </span>
                  </DetailRow>
                  <DetailRow label="Trigger">{run.trigger}</DetailRow>
                  <DetailRow label="Version">
                    {run.version ? `v${run.version}` : "Draft (test run)"}
                  </DetailRow>
                  <DetailRow label="Created">{formatDateTime(run.createdAt)}</DetailRow>
                  <DetailRow label="Input">
                    <JsonPre value={run.input} />
                  </DetailRow>
                  {run.error || live.error ? (
                    <DetailRow label="Error">
                      <JsonPre value={live.error ?? run.error} />
                    </DetailRow>
                  ) : null}
                </dl>
                <div className="flex flex-wrap gap-2">
                  {ACTIVE.has(status) ? (
                    <Button
                      size="sm"
                      variant="outline"
                      loading={action.isPending}
                      onClick={() => action.mutate("cancel")}
                    >
                      Cancel run
                    </Button>
                  ) : null}
                  {status === "failed" ? (
                    <Button size="sm" loading={action.isPending} onClick={() => action.mutate("retry")}>
                      Retry from failed node
                    </Button>
                  ) : null}
                </div>
                {waitingApprovals.map((a) => (
                  <ApprovalForm
                    key={a.nodeId}
                    slug={slug}
                    runId={run.id}
                    nodeId={a.nodeId}
                    nodeName={names.get(a.nodeId) ?? a.nodeId}
                    message={a.message}
                    onDone={refresh}
                  />
                ))}
                <section aria-label="Timeline" className="grid gap-2">
                  <h3 className="text-sm font-semibold">Timeline</h3>
                  {nodes.length === 0 ? (
                    <p className="text-sm text-muted-foreground">No node has run yet.</p>
                  ) : null}
                  <ol className="grid gap-3 border-l pl-4">
                    {nodes.map((n) => (
                      <li key={`${n.nodeId}#${n.itemKey}`}>
                        <details open={n.status === "failed"}>
                          <summary className="cursor-pointer text-sm">
                            <span className="font-medium">{names.get(n.nodeId) ?? n.nodeId}</span>{" "}
                            <StatusBadge status={n.status} />
                            {n.durationMs !== null ? (
                              <span className="text-muted-foreground"> {n.durationMs} ms</span>
                            ) : null}
                          </summary>
                          <div className="mt-2">
                            <NodeResultView result={n} />
                          </div>
                        </details>
                      </li>
                    ))}
                  </ol>
                </section>
              </div>
            );
          }}
        </QueryView>
      </CardContent>
    </Card>
  );
}
