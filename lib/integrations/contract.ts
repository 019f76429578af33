import { z } from "zod";
import { iso, isoOrNull, isoTimestamp, OK, okOutput } from "../contract/json";
import { defineOperation } from "../contract/operation";
import type { RateLimitOption } from "../http/handler";
import { listAgentGrants, listIntegrationGrants, setAgentGrants, setIntegrationGrants } from "./grants";
import {
  createIntegration,
  deleteIntegration,
  getIntegration,
  listIntegrations,
  updateIntegration,
} from "./integrations";
import { type RefreshResult, refreshIntegrationTools } from "./refresh";
import {
  type AgentToolGrant,
  agentGrantsInput,
  agentIdParamSchema,
  type CachedTool,
  createIntegrationInput,
  INTEGRATION_AUTH_TYPES,
  type IntegrationView,
  integrationGrantsInput,
  integrationIdSchema,
  updateIntegrationInput,
} from "./schema";

/**
 * The MCP integrations' public contract: what an integration and its grants
 * look like on the wire, and the operations on them (web API only, for
 * admins). The credential is encrypted at rest and never leaves the server:
 * the shape carries its masked hint and whether one is stored, nothing else.
 */

// ---- Output shapes -------------------------------------------------------

export const cachedToolOutput = z.object({
  name: z.string(),
  description: z.string(),
  inputSchema: z.record(z.string(), z.unknown()).describe("The tool's JSON Schema, as the server listed it"),
});

export const integrationOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  url: z.string(),
  authType: z.enum(INTEGRATION_AUTH_TYPES),
  authHeaderName: z.string().nullable(),
  secretHint: z.string().nullable().describe("The secret's last characters, masked; null without a secret"),
  hasSecret: z.boolean(),
  tools: z.array(cachedToolOutput).describe("The server's tools as last read"),
  toolsRefreshedAt: isoTimestamp.nullable(),
  lastError: z.string().nullable().describe("Why the last refresh failed; null after a successful one"),
  timeoutMs: z.int(),
  enabled: z.boolean(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type IntegrationJson = z.infer<typeof integrationOutput>;

export const refreshOutput = z.object({
  integration: integrationOutput,
  ok: z.boolean(),
  error: z.string().optional().describe("Why the list could not be read; the previous list is kept"),
});
export type RefreshJson = z.infer<typeof refreshOutput>;

export const agentToolGrantOutput = z.object({
  agentId: z.uuid(),
  integrationId: z.uuid(),
  tools: z.array(z.string()),
});
export type AgentToolGrantJson = z.infer<typeof agentToolGrantOutput>;

export const integrationResult = z.object({ integration: integrationOutput });
export const integrationList = z.object({ integrations: z.array(integrationOutput) });
export const grantList = z.object({ grants: z.array(agentToolGrantOutput) });

/** Bodies, as the browser's forms send them. */
export type CreateIntegrationBody = z.input<typeof createIntegrationInput>;
export type UpdateIntegrationBody = z.input<typeof updateIntegrationInput>;
export type IntegrationGrantsBody = z.input<typeof integrationGrantsInput>;
export type AgentGrantsBody = z.input<typeof agentGrantsInput>;

// ---- Serializers ---------------------------------------------------------

const serializeTool = (t: CachedTool) => ({
  name: t.name,
  description: t.description,
  inputSchema: t.inputSchema,
});

export const serializeIntegration = (i: IntegrationView): IntegrationJson => ({
  id: i.id,
  name: i.name,
  slug: i.slug,
  url: i.url,
  authType: i.authType,
  authHeaderName: i.authHeaderName,
  secretHint: i.secretHint,
  hasSecret: i.hasSecret,
  tools: i.tools.map(serializeTool),
  toolsRefreshedAt: isoOrNull(i.toolsRefreshedAt),
  lastError: i.lastError,
  timeoutMs: i.timeoutMs,
  enabled: i.enabled,
  createdAt: iso(i.createdAt),
  updatedAt: iso(i.updatedAt),
});

export const serializeRefresh = (r: RefreshResult): RefreshJson => ({
  integration: serializeIntegration(r.integration),
  ok: r.ok,
  ...(r.error === undefined ? {} : { error: r.error }),
});

export const serializeGrant = (g: AgentToolGrant): AgentToolGrantJson => ({
  agentId: g.agentId,
  integrationId: g.integrationId,
  tools: g.tools,
});

// ---- Operations ----------------------------------------------------------

const integrationParams = z.object({ id: integrationIdSchema });
const agentParams = z.object({ agentId: agentIdParamSchema });

// Creating, moving or refreshing connects to the server to read its tools:
// one budget for all three, so none of them can be used to hammer a server.
const connectLimit: RateLimitOption = { name: "integration-connect", max: 30, windowSeconds: 60 };

export const listIntegrationsOp = defineOperation({
  id: "integrations.list",
  method: "get",
  summary: "List MCP integrations",
  description: "In name order, with the secret masked.",
  output: integrationList,
  outputDescription: "The workspace's integrations.",
  web: { path: "/integrations", role: "admin" },
  async run(scope) {
    return { integrations: (await listIntegrations(scope)).map(serializeIntegration) };
  },
});

export const createIntegrationOp = defineOperation({
  id: "integrations.create",
  method: "post",
  summary: "Register an MCP server",
  description:
    "The secret is encrypted at rest; the URL must be a public address. The tool list is read " +
    "right away; a server that cannot be reached is still saved, with the reason in `lastError`.",
  body: createIntegrationInput,
  output: integrationResult,
  status: 201,
  outputDescription: "The new integration, with the secret masked.",
  web: { path: "/integrations", role: "admin", rateLimit: connectLimit },
  async run(scope, { body }) {
    return { integration: serializeIntegration(await createIntegration(scope, body)) };
  },
});

export const getIntegrationOp = defineOperation({
  id: "integrations.get",
  method: "get",
  summary: "Get an MCP integration",
  params: integrationParams,
  output: integrationResult,
  outputDescription: "The integration, with the secret masked.",
  web: { path: "/integrations/{id}", role: "admin" },
  async run(scope, { params }) {
    return { integration: serializeIntegration(await getIntegration(scope, params.id)) };
  },
});

export const updateIntegrationOp = defineOperation({
  id: "integrations.update",
  method: "patch",
  summary: "Update an MCP integration",
  description:
    "Omitted fields stay; `secret: null` removes the secret. Moving to another server needs the " +
    "secret entered again. A change of URL or credentials reconnects to re-read the tools.",
  params: integrationParams,
  body: updateIntegrationInput,
  output: integrationResult,
  outputDescription: "The updated integration, with the secret masked.",
  web: { path: "/integrations/{id}", role: "admin", rateLimit: connectLimit },
  async run(scope, { params, body }) {
    return { integration: serializeIntegration(await updateIntegration(scope, params.id, body)) };
  },
});

export const deleteIntegrationOp = defineOperation({
  id: "integrations.delete",
  method: "delete",
  summary: "Delete an MCP integration",
  description: "Its grants go with it; past activity keeps its rows.",
  params: integrationParams,
  output: okOutput,
  outputDescription: "Deleted.",
  web: { path: "/integrations/{id}", role: "admin" },
  async run(scope, { params }) {
    await deleteIntegration(scope, params.id);
    return OK;
  },
});

export const refreshIntegrationOp = defineOperation({
  id: "integrations.refresh",
  method: "post",
  summary: "Re-read an MCP server's tools",
  description:
    "A real connection to the server. A server that cannot be reached is a 200 with `ok: false` " +
    "and the reason, like a provider test; the previous list is kept.",
  params: integrationParams,
  output: refreshOutput,
  outputDescription: "The integration after the refresh, and whether it worked.",
  web: { path: "/integrations/{id}/refresh", role: "admin", rateLimit: connectLimit },
  async run(scope, { params }) {
    return serializeRefresh(await refreshIntegrationTools(scope, params.id));
  },
});

export const listIntegrationGrantsOp = defineOperation({
  id: "integrationGrants.list",
  method: "get",
  summary: "List which agents may call an integration's tools",
  params: integrationParams,
  output: grantList,
  outputDescription: "One entry per agent with the tools it was granted.",
  web: { path: "/integrations/{id}/grants", role: "admin" },
  async run(scope, { params }) {
    return { grants: (await listIntegrationGrants(scope, params.id)).map(serializeGrant) };
  },
});

export const setIntegrationGrantsOp = defineOperation({
  id: "integrationGrants.set",
  method: "put",
  summary: "Replace which agents may call an integration's tools",
  description:
    "The whole set: agents left out lose this integration's tools. Tools must be in its cached list.",
  params: integrationParams,
  body: integrationGrantsInput,
  output: grantList,
  outputDescription: "The grants now stored.",
  web: { path: "/integrations/{id}/grants", role: "admin" },
  async run(scope, { params, body }) {
    return { grants: (await setIntegrationGrants(scope, params.id, body)).map(serializeGrant) };
  },
});

export const listAgentGrantsOp = defineOperation({
  id: "agentIntegrationGrants.list",
  method: "get",
  summary: "List the integration tools an agent may call",
  params: agentParams,
  output: grantList,
  outputDescription: "One entry per integration with the tools granted to the agent.",
  web: { path: "/integrations/agents/{agentId}", role: "admin" },
  async run(scope, { params }) {
    return { grants: (await listAgentGrants(scope, params.agentId)).map(serializeGrant) };
  },
});

export const setAgentGrantsOp = defineOperation({
  id: "agentIntegrationGrants.set",
  method: "put",
  summary: "Replace the integration tools an agent may call",
  description: "The whole set: integrations left out are no longer callable by this agent.",
  params: agentParams,
  body: agentGrantsInput,
  output: grantList,
  outputDescription: "The grants now stored.",
  web: { path: "/integrations/agents/{agentId}", role: "admin" },
  async run(scope, { params, body }) {
    return { grants: (await setAgentGrants(scope, params.agentId, body)).map(serializeGrant) };
  },
});

export const integrationOperations = [
  listIntegrationsOp,
  createIntegrationOp,
  getIntegrationOp,
  updateIntegrationOp,
  deleteIntegrationOp,
  refreshIntegrationOp,
  listIntegrationGrantsOp,
  setIntegrationGrantsOp,
  listAgentGrantsOp,
  setAgentGrantsOp,
];
