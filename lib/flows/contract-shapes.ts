import { z } from "zod";
import { iso, isoOrNull, isoTimestamp, nextCursor } from "../contract/json";
import type { FieldIssue } from "../validation";
import { graphIssues } from "./flows";
import { flowGraphSchema } from "./graph-schema";
import type { FlowRunDetail } from "./runs";
import {
  type createFlowInput,
  type Flow,
  type FlowApproval,
  type FlowRun,
  type FlowSummary,
  nodeStatuses,
  runStatuses,
  runTriggers,
  type updateFlowInput,
} from "./schema";

/**
 * The flows domain's public contract: what a flow, a version, a run (with its
 * node results) and an approval look like on the wire, and the operations on
 * them. The web API, /api/v1 and its OpenAPI document, the MCP tools and the
 * editor's types all derive from this file.
 */

/** Graphs and run inputs are stored up to 1 MB (flows.draft, flow_runs.input). */
export const MAX_FLOW_BODY_BYTES = 1_100_000;

// ---- Output shapes -------------------------------------------------------

/** Any JSON value (a plain schema: a recursive one would not publish as one OpenAPI component). */
const json = () => z.unknown().describe("Any JSON value");

const issueOutput = z.object({ path: z.string(), message: z.string() });

export const flowSummaryOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean().describe("Off: webhook, schedule and event triggers are ignored"),
  publishedVersion: z
    .int()
    .nullable()
    .describe("The version triggers and API runs use; null until published"),
  draftRevision: z.int().describe("Send it back with a draft change (optimistic concurrency)"),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type FlowSummaryJson = z.infer<typeof flowSummaryOutput>;

export const flowOutput = flowSummaryOutput.extend({
  draft: flowGraphSchema.describe("The editable graph: nodes, edges, settings"),
  issues: z.array(issueOutput).describe("What stops the draft from being published; empty when it can be"),
  webhookUrl: z
    .string()
    .nullable()
    .describe("POST here to run the published flow; null for viewers (the URL is a credential)"),
});
export type FlowJson = z.infer<typeof flowOutput>;

export const flowVersionSummaryOutput = z.object({
  version: z.int(),
  createdBy: z.uuid().nullable(),
  createdAt: isoTimestamp,
});
export const flowVersionOutput = flowVersionSummaryOutput.extend({ graph: flowGraphSchema });

export const flowWebhookOutput = z.object({
  url: z.string().describe("POST here to run the published flow"),
  hasSecret: z.boolean().describe("Deliveries must carry an HMAC-SHA256 signature"),
  secret: z.string().nullable().describe("The new HMAC secret: in this answer only, never shown again"),
});

export const flowRunOutput = z.object({
  id: z.uuid(),
  flowId: z.uuid(),
  version: z.int().nullable().describe("The published version it ran; null for a test run of the draft"),
  status: z.enum(runStatuses),
  trigger: z.enum(runTriggers),
  triggerNodeId: z.string().nullable(),
  input: json(),
  output: json().nullable(),
  error: json().nullable().describe("{code, message, nodeId?} when the run failed or was canceled"),
  createdAt: isoTimestamp,
  startedAt: isoTimestamp.nullable(),
  finishedAt: isoTimestamp.nullable(),
});
export type FlowRunJson = z.infer<typeof flowRunOutput>;

export const flowNodeRunOutput = z.object({
  nodeId: z.string(),
  itemKey: z.string().describe("'' for a node run once; the item's index path inside loops"),
  status: z.enum(nodeStatuses),
  attempt: z.int(),
  input: json().nullable(),
  output: json().nullable(),
  port: z.string().nullable().describe("The output handle the node took"),
  error: json().nullable(),
  startedAt: isoTimestamp,
  finishedAt: isoTimestamp.nullable(),
  durationMs: z.int().nullable(),
});

export const flowApprovalOutput = z.object({
  runId: z.uuid(),
  flowId: z.uuid(),
  nodeId: z.string(),
  status: z.enum(["pending", "approved", "rejected", "expired"]),
  requiredRole: z.enum(["viewer", "member", "admin", "owner"]),
  message: z.string(),
  payload: json().nullable(),
  comment: z.string().nullable(),
  decidedBy: z.uuid().nullable(),
  decidedAt: isoTimestamp.nullable(),
  expiresAt: isoTimestamp.nullable(),
  createdAt: isoTimestamp,
});
export type FlowApprovalJson = z.infer<typeof flowApprovalOutput>;

export const flowRunDetailOutput = flowRunOutput.extend({
  nodes: z.array(flowNodeRunOutput).describe("Each node's committed result, in the order they started"),
  approvals: z.array(flowApprovalOutput),
});
export type FlowRunDetailJson = z.infer<typeof flowRunDetailOutput>;

export const flowSettingsOutput = z.object({
  runRetentionDays: z.int(),
  maxConcurrentRuns: z.int(),
});

export const nodeTypeOutput = z.object({
  type: z.string(),
  label: z.string(),
  category: z.string(),
  description: z.string(),
  inputs: z.array(z.string()),
  sideEffects: z.boolean(),
  configSchema: z.unknown().describe("The config's JSON schema (the editor's form)"),
});

export const flowListResult = z.object({ flows: z.array(flowSummaryOutput) });
export const flowResult = z.object({ flow: flowOutput });
export const publishResult = z.object({ flow: flowOutput, version: z.int() });
export const flowVersionsResult = z.object({ versions: z.array(flowVersionSummaryOutput) });
export const flowVersionResult = z.object({ version: flowVersionOutput });
export const flowWebhookResult = z.object({ webhook: flowWebhookOutput });
export const flowRunPageOutput = z.object({ runs: z.array(flowRunOutput), nextCursor });
export const flowRunResult = z.object({ run: flowRunDetailOutput });
export const flowApprovalsResult = z.object({ approvals: z.array(flowApprovalOutput) });
export const flowSettingsResult = z.object({ settings: flowSettingsOutput });
export const nodeTypesResult = z.object({ nodeTypes: z.array(nodeTypeOutput) });

export type CreateFlowBody = z.input<typeof createFlowInput>;
export type UpdateFlowBody = z.input<typeof updateFlowInput>;

// ---- Serializers ---------------------------------------------------------

export const serializeFlowSummary = (f: FlowSummary): FlowSummaryJson => ({
  id: f.id,
  name: f.name,
  description: f.description,
  enabled: f.enabled,
  publishedVersion: f.publishedVersion,
  draftRevision: f.draftRevision,
  createdAt: iso(f.createdAt),
  updatedAt: iso(f.updatedAt),
});

export const serializeFlow = (
  f: Flow,
  webhookUrl: string | null,
  issues: FieldIssue[] = graphIssues(f.draft),
): FlowJson => ({
  ...serializeFlowSummary(f),
  draft: f.draft,
  issues: issues.map((i) => ({ path: i.path, message: i.message })),
  webhookUrl,
});

export const serializeFlowRun = (r: FlowRun): FlowRunJson => ({
  id: r.id,
  flowId: r.flowId,
  version: r.version,
  status: r.status,
  trigger: r.trigger,
  triggerNodeId: r.triggerNodeId,
  input: r.input,
  output: r.output,
  error: r.error,
  createdAt: iso(r.createdAt),
  startedAt: isoOrNull(r.startedAt),
  finishedAt: isoOrNull(r.finishedAt),
});

export const serializeFlowApproval = (a: FlowApproval): FlowApprovalJson => ({
  ...a,
  decidedAt: isoOrNull(a.decidedAt),
  expiresAt: isoOrNull(a.expiresAt),
  createdAt: iso(a.createdAt),
});

export const serializeFlowRunDetail = (r: FlowRunDetail): FlowRunDetailJson => ({
  ...serializeFlowRun(r),
  nodes: r.nodes.map((n) => ({ ...n, startedAt: iso(n.startedAt), finishedAt: isoOrNull(n.finishedAt) })),
  approvals: r.approvals.map(serializeFlowApproval),
});
