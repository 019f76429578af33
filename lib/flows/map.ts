import type { Json } from "./graph-schema";
import { flowGraphSchema } from "./graph-schema";
import type { Flow, FlowApproval, FlowNodeRun, FlowRun, FlowSummary, FlowVersion } from "./schema";

/** Row → domain mappers; each list of columns is what its domain type is built from. */

export const flowSummaryColumns = [
  "id",
  "name",
  "description",
  "enabled",
  "published_version",
  "draft_revision",
  "created_at",
  "updated_at",
] as const;
export const flowColumns = [...flowSummaryColumns, "draft"] as const;

interface FlowSummaryRow {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  published_version: number | null;
  draft_revision: number;
  created_at: Date;
  updated_at: Date;
}

export const toFlowSummary = (r: FlowSummaryRow): FlowSummary => ({
  id: r.id,
  name: r.name,
  description: r.description,
  enabled: r.enabled,
  publishedVersion: r.published_version,
  draftRevision: r.draft_revision,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A stored draft was checked on the way in; parsing again fills defaults of fields added since. */
const toGraph = (raw: unknown) => {
  const parsed = flowGraphSchema.safeParse(raw);
  return parsed.success ? parsed.data : { nodes: [], edges: [], settings: { runTimeoutMs: 300_000 } };
};

export const toFlow = (r: FlowSummaryRow & { draft: unknown }): Flow => ({
  ...toFlowSummary(r),
  draft: toGraph(r.draft),
});

export const toFlowVersion = (r: {
  version: number;
  created_by: string | null;
  created_at: Date;
  graph: unknown;
}): FlowVersion => ({
  version: r.version,
  createdBy: r.created_by,
  createdAt: r.created_at,
  graph: toGraph(r.graph),
});

export const runColumns = [
  "id",
  "flow_id",
  "version",
  "status",
  "trigger",
  "trigger_node_id",
  "input",
  "output",
  "error",
  "created_at",
  "started_at",
  "finished_at",
] as const;

export interface RunRowDb {
  id: string;
  flow_id: string;
  version: number | null;
  status: string;
  trigger: string;
  trigger_node_id: string | null;
  input: unknown;
  output: unknown;
  error: unknown;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export const toFlowRun = (r: RunRowDb): FlowRun => ({
  id: r.id,
  flowId: r.flow_id,
  version: r.version,
  status: r.status as FlowRun["status"],
  trigger: r.trigger as FlowRun["trigger"],
  triggerNodeId: r.trigger_node_id,
  input: (r.input ?? null) as Json,
  output: (r.output ?? null) as Json | null,
  error: (r.error ?? null) as Json | null,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

export const nodeRunColumns = [
  "node_id",
  "item_key",
  "status",
  "attempt",
  "input",
  "output",
  "port",
  "error",
  "started_at",
  "finished_at",
  "duration_ms",
] as const;

export const toFlowNodeRun = (r: {
  node_id: string;
  item_key: string;
  status: string;
  attempt: number;
  input: unknown;
  output: unknown;
  port: string | null;
  error: unknown;
  started_at: Date;
  finished_at: Date | null;
  duration_ms: number | null;
}): FlowNodeRun => ({
  nodeId: r.node_id,
  itemKey: r.item_key,
  status: r.status as FlowNodeRun["status"],
  attempt: r.attempt,
  input: (r.input ?? null) as Json | null,
  output: (r.output ?? null) as Json | null,
  port: r.port,
  error: (r.error ?? null) as Json | null,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  durationMs: r.duration_ms,
});

export const toFlowApproval = (r: {
  run_id: string;
  flow_id: string;
  node_id: string;
  status: string;
  required_role: string;
  message: string;
  payload: unknown;
  comment: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  expires_at: Date | null;
  created_at: Date;
}): FlowApproval => ({
  runId: r.run_id,
  flowId: r.flow_id,
  nodeId: r.node_id,
  status: r.status as FlowApproval["status"],
  requiredRole: r.required_role as FlowApproval["requiredRole"],
  message: r.message,
  payload: (r.payload ?? null) as Json | null,
  comment: r.comment,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  expiresAt: r.expires_at,
  createdAt: r.created_at,
});
