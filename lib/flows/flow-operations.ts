import { z } from "zod";
import { iso, OK, okOutput } from "../contract/json";
import { defineOperation } from "../contract/operation";
import type { WorkspaceRole, WorkspaceScope } from "../workspaces";
import {
  flowListResult,
  flowResult,
  flowSettingsResult,
  flowVersionResult,
  flowVersionsResult,
  flowWebhookResult,
  MAX_FLOW_BODY_BYTES,
  nodeTypesResult,
  publishResult,
  serializeFlow,
  serializeFlowSummary,
} from "./contract-shapes";
import {
  changeFlowWebhook,
  createFlow,
  deleteFlow,
  getFlow,
  getFlowVersion,
  getFlowWebhook,
  listFlows,
  listFlowVersions,
  publishFlow,
  updateFlow,
} from "./flows";
import { listNodeTypes } from "./nodes/registry";
import {
  createFlowInput,
  flowIdSchema,
  flowSettingsInput,
  listFlowsQuery,
  publishFlowInput,
  runIdSchema,
  updateFlowInput,
  webhookActionInput,
} from "./schema";
import { getFlowSettings, updateFlowSettings } from "./settings";

const RANK = { viewer: 0, member: 1, admin: 2, owner: 3 } as const;

/** The webhook URL is a credential: shown to those who may edit the flow. */
async function urlFor(scope: WorkspaceScope, flowId: string, role: WorkspaceRole): Promise<string | null> {
  return RANK[role] >= RANK.member ? (await getFlowWebhook(scope, flowId)).url : null;
}

/** Operations on flows, their versions and webhook, the workspace's flow settings and the node types (lib/flows/contract.ts lists them all). */

const flowParams = z.object({ id: flowIdSchema });
const _runParams = z.object({ id: runIdSchema });

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
  // A graph (or a run input) may be up to 1 MB; the default body cap is 64 KiB.
  maxBodyBytes: MAX_FLOW_BODY_BYTES,
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
  // A graph (or a run input) may be up to 1 MB; the default body cap is 64 KiB.
  maxBodyBytes: MAX_FLOW_BODY_BYTES,
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
  secretInAnswer: true,
  web: { path: "/flows/{id}/webhook", role: "member" },
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
  secretInAnswer: true,
  web: { path: "/flows/{id}/webhook", role: "admin" },
  async run(scope, { params, body }) {
    return { webhook: await changeFlowWebhook(scope, params.id, body) };
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
