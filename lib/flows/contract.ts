import { z } from "zod";
import { iso, isoOrNull, isoTimestamp, nextCursor, OK, okOutput } from "../contract/json";
import { defineOperation } from "../contract/operation";
import type { FieldIssue } from "../validation";
import type { WorkspaceRole, WorkspaceScope } from "../workspaces";
import {
  changeFlowWebhook,
  createFlow,
  deleteFlow,
  getFlow,
  getFlowVersion,
  getFlowWebhook,
  graphIssues,
  listFlows,
  listFlowVersions,
  publishFlow,
  updateFlow,
} from "./flows";
import { flowGraphSchema, nodeIdSchema } from "./graph-schema";
import { listNodeTypes } from "./nodes/registry";
import {
  cancelFlowRun,
  decideApproval,
  type FlowRunDetail,
  getFlowRun,
  listFlowRuns,
  listPendingApprovals,
  retryFlowRun,
  startFlowRun,
} from "./runs";
import {
  createFlowInput,
  type Flow,
  type FlowApproval,
  type FlowRun,
  type FlowSummary,
  flowIdSchema,
  flowSettingsInput,
  listFlowsQuery,
  listRunsQuery,
  nodeStatuses,
  publishFlowInput,
  resolveApprovalInput,
  runIdSchema,
  runStatuses,
  runTriggers,
  startRunInput,
  updateFlowInput,
  webhookActionInput,
} from "./schema";
import { getFlowSettings, updateFlowSettings } from "./settings";

/**
 * The flows domain's public contract: what a flow, a version, a run (with its
 * node results) and an approval look like on the wire, and the operations on
 * them. The web API, /api/v1 and its OpenAPI document, the MCP tools and the
 * editor's types all derive from this file.
 */

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

const RANK = { viewer: 0, member: 1, admin: 2, owner: 3 } as const;

/** The webhook URL is a credential: shown to those who may edit the flow. */
async function urlFor(scope: WorkspaceScope, flowId: string, role: WorkspaceRole): Promise<string | null> {
  return RANK[role] >= RANK.member ? (await getFlowWebhook(scope, flowId)).url : null;
}

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

// ---- Operations ----------------------------------------------------------

const flowParams = z.object({ id: flowIdSchema });
const runParams = z.object({ id: runIdSchema });

export const listFlowsOp = defineOperation({
  id: "flows.list",
  method: "get",
  summary: "List flows",
  description: "By name. `search` matches part of the name.",
  query: listFlowsQuery,
  output: flowListResult,
  outputDescription: "The workspace's flows.",
  web: { path: "/flows", role: "viewer" },
  v1: { path: "/flows", group: "flows" },
  async run(scope, { query }) {
    return { flows: (await listFlows(scope, query)).map(serializeFlowSummary) };
  },
});

export const createFlowOp = defineOperation({
  id: "flows.create",
  method: "post",
  summary: "Create a flow",
  description:
    "With an empty graph unless `graph` is given. A graph with issues is saved; `issues` lists them.",
  body: createFlowInput,
  output: flowResult,
  status: 201,
  outputDescription: "The new flow.",
  web: { path: "/flows", role: "member" },
  async run(scope, { body }, caller) {
    const flow = await createFlow(scope, body);
    return { flow: serializeFlow(flow, await urlFor(scope, flow.id, caller.role)) };
  },
});

export const getFlowOp = defineOperation({
  id: "flows.get",
  method: "get",
  summary: "Get a flow",
  params: flowParams,
  output: flowResult,
  outputDescription: "The flow with its draft and the draft's issues.",
  web: { path: "/flows/{id}", role: "viewer" },
  async run(scope, { params }, caller) {
    const flow = await getFlow(scope, params.id);
    return { flow: serializeFlow(flow, await urlFor(scope, flow.id, caller.role)) };
  },
});

export const updateFlowOp = defineOperation({
  id: "flows.update",
  method: "patch",
  summary: "Save a flow's draft, rename it, or turn its triggers on or off",
  description:
    "A draft change (name, description, graph) names the `draftRevision` it was made on: a stale one is a 409 " +
    "`conflict`. A graph with issues is saved and returned with them; publishing needs none.",
  params: flowParams,
  body: updateFlowInput,
  output: flowResult,
  outputDescription: "The flow after the change.",
  web: { path: "/flows/{id}", role: "member" },
  async run(scope, { params, body }, caller) {
    const flow = await updateFlow(scope, params.id, body);
    return { flow: serializeFlow(flow, await urlFor(scope, flow.id, caller.role)) };
  },
});

export const deleteFlowOp = defineOperation({
  id: "flows.delete",
  method: "delete",
  summary: "Delete a flow",
  description: "With its versions, triggers and runs.",
  params: flowParams,
  output: okOutput,
  outputDescription: "Deleted.",
  web: { path: "/flows/{id}", role: "admin" },
  async run(scope, { params }) {
    await deleteFlow(scope, params.id);
    return OK;
  },
});

export const publishFlowOp = defineOperation({
  id: "flows.publish",
  method: "post",
  summary: "Publish a flow's draft as a new version",
  description:
    "400 `validation_failed` with the issues while the draft has any or has no trigger node. The flow's " +
    "webhook, schedule and event triggers follow the new version.",
  params: flowParams,
  body: publishFlowInput,
  output: publishResult,
  outputDescription: "The flow and its new version number.",
  web: { path: "/flows/{id}/publish", role: "member" },
  async run(scope, { params, body }, caller) {
    const { flow, version } = await publishFlow(scope, params.id, body);
    return { flow: serializeFlow(flow, await urlFor(scope, flow.id, caller.role), []), version };
  },
});

export const listFlowVersionsOp = defineOperation({
  id: "flows.versions",
  method: "get",
  summary: "List a flow's published versions",
  params: flowParams,
  output: flowVersionsResult,
  outputDescription: "Newest first.",
  web: { path: "/flows/{id}/versions", role: "viewer" },
  async run(scope, { params }) {
    const versions = await listFlowVersions(scope, params.id);
    return { versions: versions.map((v) => ({ ...v, createdAt: iso(v.createdAt) })) };
  },
});

export const getFlowVersionOp = defineOperation({
  id: "flows.version",
  method: "get",
  summary: "Get one published version of a flow",
  params: flowParams.extend({ version: z.coerce.number().int().min(1).max(2_147_483_647) }),
  output: flowVersionResult,
  outputDescription: "The version with its graph.",
  web: { path: "/flows/{id}/versions/{version}", role: "viewer" },
  async run(scope, { params }) {
    const v = await getFlowVersion(scope, params.id, params.version);
    return { version: { ...v, createdAt: iso(v.createdAt) } };
  },
});

export const getFlowWebhookOp = defineOperation({
  id: "flows.webhook",
  method: "get",
  summary: "Get a flow's webhook URL",
  params: flowParams,
  output: flowWebhookResult,
  outputDescription: "The URL and whether deliveries must be signed.",
  web: { path: "/flows/{id}/webhook", role: "member", headers: { "cache-control": "no-store" } },
  async run(scope, { params }) {
    return { webhook: await getFlowWebhook(scope, params.id) };
  },
});

export const changeFlowWebhookOp = defineOperation({
  id: "flows.changeWebhook",
  method: "post",
  summary: "Rotate a flow's webhook token, or set or clear its HMAC secret",
  params: flowParams,
  body: webhookActionInput,
  output: flowWebhookResult,
  outputDescription: "The webhook after the change; `secret` is shown once, after set_secret.",
  web: { path: "/flows/{id}/webhook", role: "admin", headers: { "cache-control": "no-store" } },
  async run(scope, { params, body }) {
    return { webhook: await changeFlowWebhook(scope, params.id, body) };
  },
});

export const startFlowRunOp = defineOperation({
  id: "flowRuns.start",
  method: "post",
  summary: "Run a flow with input",
  description:
    "Queues a run of the published version (409 `conflict` until the flow is published), or with " +
    '`source: "draft"` a test run of the draft. Answers at once; follow the run with GET /flow-runs/{id}.',
  params: flowParams,
  body: startRunInput,
  output: flowRunResult,
  status: 201,
  outputDescription: "The queued run.",
  web: { path: "/flows/{id}/runs", role: "member" },
  v1: { path: "/flows/{id}/runs", group: "flows" },
  async run(scope, { params, body }, caller) {
    const trigger = caller.surface === "v1" ? "api" : "manual";
    return { run: serializeFlowRunDetail(await startFlowRun(scope, params.id, body, trigger)) };
  },
});

export const listFlowRunsOp = defineOperation({
  id: "flowRuns.list",
  method: "get",
  summary: "List flow runs",
  description:
    "Newest first, filtered by flow, status and trigger. Page with `cursor` = the previous nextCursor.",
  query: listRunsQuery,
  output: flowRunPageOutput,
  outputDescription: "A page of runs (without node results).",
  web: { path: "/flow-runs", role: "viewer" },
  v1: { path: "/flow-runs", group: "flows" },
  async run(scope, { query }) {
    const page = await listFlowRuns(scope, query);
    return { runs: page.runs.map(serializeFlowRun), nextCursor: page.nextCursor };
  },
});

export const getFlowRunOp = defineOperation({
  id: "flowRuns.get",
  method: "get",
  summary: "Get a flow run with its node results",
  params: runParams,
  output: flowRunResult,
  outputDescription: "The run, each node's input, output, error and duration, and its approvals.",
  web: { path: "/flow-runs/{id}", role: "viewer" },
  v1: { path: "/flow-runs/{id}", group: "flows" },
  async run(scope, { params }) {
    return { run: serializeFlowRunDetail(await getFlowRun(scope, params.id)) };
  },
});

export const cancelFlowRunOp = defineOperation({
  id: "flowRuns.cancel",
  method: "post",
  summary: "Cancel a flow run",
  description: "At once when queued or waiting; a running one stops before its next node.",
  params: runParams,
  output: flowRunResult,
  outputDescription: "The run after the request.",
  web: { path: "/flow-runs/{id}/cancel", role: "member" },
  async run(scope, { params }) {
    return { run: serializeFlowRunDetail(await cancelFlowRun(scope, params.id)) };
  },
});

export const retryFlowRunOp = defineOperation({
  id: "flowRuns.retry",
  method: "post",
  summary: "Retry a failed flow run from its failed node",
  description: "409 `conflict` unless the run failed. Nodes that succeeded keep their results.",
  params: runParams,
  output: flowRunResult,
  outputDescription: "The run, queued again.",
  web: { path: "/flow-runs/{id}/retry", role: "member" },
  async run(scope, { params }) {
    return { run: serializeFlowRunDetail(await retryFlowRun(scope, params.id)) };
  },
});

export const resolveFlowApprovalOp = defineOperation({
  id: "flowApprovals.resolve",
  method: "post",
  summary: "Approve or reject a run waiting for approval",
  description:
    "403 `forbidden` below the approval's required role; 409 `conflict` when it is no longer pending. " +
    "The run resumes on the approved or rejected branch with `payload` as the node's output.",
  params: runParams.extend({ nodeId: nodeIdSchema }),
  body: resolveApprovalInput,
  output: flowRunResult,
  outputDescription: "The run after the decision.",
  web: { path: "/flow-runs/{id}/approvals/{nodeId}", role: "viewer" },
  v1: { path: "/flow-runs/{id}/approvals/{nodeId}", group: "flows" },
  async run(scope, { params, body }, caller) {
    const run = await decideApproval(scope, params.id, params.nodeId, body, caller.role);
    return { run: serializeFlowRunDetail(run) };
  },
});

export const listFlowApprovalsOp = defineOperation({
  id: "flowApprovals.list",
  method: "get",
  summary: "List approvals waiting for a decision",
  output: flowApprovalsResult,
  outputDescription: "Pending approvals, newest first.",
  web: { path: "/flow-approvals", role: "viewer" },
  async run(scope) {
    return { approvals: (await listPendingApprovals(scope)).map(serializeFlowApproval) };
  },
});

export const getFlowSettingsOp = defineOperation({
  id: "flowSettings.get",
  method: "get",
  summary: "Get the workspace's flow settings",
  output: flowSettingsResult,
  outputDescription: "Run retention and the concurrency limit.",
  web: { path: "/flow-settings", role: "viewer" },
  async run(scope) {
    return { settings: await getFlowSettings(scope) };
  },
});

export const updateFlowSettingsOp = defineOperation({
  id: "flowSettings.update",
  method: "patch",
  summary: "Change the workspace's flow settings",
  body: flowSettingsInput,
  output: flowSettingsResult,
  outputDescription: "The settings after the change.",
  web: { path: "/flow-settings", role: "admin" },
  async run(scope, { body }) {
    return { settings: await updateFlowSettings(scope, body) };
  },
});

export const listNodeTypesOp = defineOperation({
  id: "flowNodeTypes.list",
  method: "get",
  summary: "List the node types the editor offers",
  output: nodeTypesResult,
  outputDescription: "Every node type with its config's JSON schema.",
  web: { path: "/flow-node-types", role: "viewer" },
  async run() {
    return { nodeTypes: listNodeTypes() };
  },
});

export const flowOperations = [
  listFlowsOp,
  createFlowOp,
  getFlowOp,
  updateFlowOp,
  deleteFlowOp,
  publishFlowOp,
  listFlowVersionsOp,
  getFlowVersionOp,
  getFlowWebhookOp,
  changeFlowWebhookOp,
  startFlowRunOp,
  listFlowRunsOp,
  getFlowRunOp,
  cancelFlowRunOp,
  retryFlowRunOp,
  resolveFlowApprovalOp,
  listFlowApprovalsOp,
  getFlowSettingsOp,
  updateFlowSettingsOp,
  listNodeTypesOp,
];
