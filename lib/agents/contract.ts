import { z } from "zod";
import { iso, isoTimestamp, OK, okOutput } from "../contract/json";
import { defineOperation } from "../contract/operation";
import {
  createAgent,
  deleteAgent,
  getAgent,
  listAgents,
  type UpdateAgentResult,
  updateAgent,
} from "./agents";
import {
  type Agent,
  type AgentVersion,
  agentIdSchema,
  agentTypeSchema,
  createAgentInput,
  toolNameSchema,
  updateAgentInput,
} from "./schema";
import { getAgentVersion, listAgentVersions } from "./versions";

/**
 * The agents' public contract: what an agent and its versions look like on
 * the wire, and the operations on them. The web API, /api/v1 and its OpenAPI
 * document, the MCP agent tools and the browser's types all derive from this
 * file and from the field schemas in schema.ts; to add a field, change the
 * migration, the field schema (schema.ts), the row mapping (map.ts), this
 * output shape and the form that edits it.
 */

// ---- Output shapes -------------------------------------------------------

/** The configuration an agent version freezes; also every agent's own settings. */
export const agentConfigOutput = z.object({
  name: z.string(),
  avatar: z.string().nullable(),
  description: z.string(),
  type: agentTypeSchema,
  instructions: z.string(),
  providerConnectionId: z.uuid().nullable(),
  model: z.string().nullable().describe("null: the built-in offline model"),
  temperature: z.number(),
  maxSteps: z.int(),
  tools: z.array(toolNameSchema),
  ragEnabled: z.boolean(),
  ragTopK: z.int(),
  externalEndpointUrl: z.string().nullable(),
  externalTimeoutMs: z.int(),
  welcomeMessage: z.string().describe("Shown at the top of a new chat with this agent; '' for none"),
});
export type AgentConfigJson = z.infer<typeof agentConfigOutput>;

export const agentOutput = z.object({
  id: z.uuid(),
  workspaceId: z.uuid(),
  ...agentConfigOutput.shape,
  version: z.int().describe("Goes up by one with each saved change of the configuration"),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type AgentJson = z.infer<typeof agentOutput>;

/** What the MCP agent list returns per agent: enough to choose one (get_agent has the rest). */
export const agentSummaryOutput = agentOutput.pick({
  id: true,
  name: true,
  description: true,
  type: true,
  model: true,
  tools: true,
  version: true,
  updatedAt: true,
});
export type AgentSummaryJson = z.infer<typeof agentSummaryOutput>;

export const agentVersionOutput = z.object({
  agentId: z.uuid(),
  version: z.int(),
  config: agentConfigOutput,
  createdBy: z.uuid().nullable().describe("The user who saved it; null once that user is gone"),
  createdAt: isoTimestamp,
});
export type AgentVersionJson = z.infer<typeof agentVersionOutput>;

export const agentListResult = z.object({ agents: z.array(agentOutput) });
export const agentResult = z.object({ agent: agentOutput });
export const agentUpdateResult = z.object({
  agent: agentOutput,
  version: z.int().describe("The agent's version after the save"),
  changed: z.boolean().describe("Whether this save changed the configuration (and so created a version)"),
});
export type AgentUpdateJson = z.infer<typeof agentUpdateResult>;
export const agentVersionListResult = z.object({ versions: z.array(agentVersionOutput) });
export const agentVersionResult = z.object({ version: agentVersionOutput });

/** Body of POST on agents, as the browser's form sends it. */
export type AgentBody = z.input<typeof createAgentInput>;

// ---- Serializers ---------------------------------------------------------

const serializeConfig = (c: Agent | AgentVersion["config"]): AgentConfigJson => ({
  name: c.name,
  avatar: c.avatar,
  description: c.description,
  type: c.type,
  instructions: c.instructions,
  providerConnectionId: c.providerConnectionId,
  model: c.model,
  temperature: c.temperature,
  maxSteps: c.maxSteps,
  tools: [...c.tools],
  ragEnabled: c.ragEnabled,
  ragTopK: c.ragTopK,
  externalEndpointUrl: c.externalEndpointUrl,
  externalTimeoutMs: c.externalTimeoutMs,
  welcomeMessage: c.welcomeMessage,
});

export const serializeAgent = (a: Agent): AgentJson => ({
  id: a.id,
  workspaceId: a.workspaceId,
  ...serializeConfig(a),
  version: a.version,
  createdAt: iso(a.createdAt),
  updatedAt: iso(a.updatedAt),
});

export const serializeAgentSummary = (a: Agent): AgentSummaryJson => ({
  id: a.id,
  name: a.name,
  description: a.description,
  type: a.type,
  model: a.model,
  tools: [...a.tools],
  version: a.version,
  updatedAt: iso(a.updatedAt),
});

export const serializeAgentUpdate = (r: UpdateAgentResult): AgentUpdateJson => ({
  agent: serializeAgent(r.agent),
  version: r.version,
  changed: r.changed,
});

export const serializeAgentVersion = (v: AgentVersion): AgentVersionJson => ({
  agentId: v.agentId,
  version: v.version,
  config: serializeConfig(v.config),
  createdBy: v.createdBy,
  createdAt: iso(v.createdAt),
});

// ---- Operations ----------------------------------------------------------

// Ids from another workspace answer 404 like unknown ones: RLS hides them, so they cannot be probed.
const agentParams = z.object({ id: agentIdSchema });
const versionParams = agentParams.extend({ version: z.coerce.number().int().min(1).max(2_147_483_647) });

export const listAgentsOp = defineOperation({
  id: "agents.list",
  method: "get",
  summary: "List agents",
  description: "In name order.",
  output: agentListResult,
  outputDescription: "Every agent in the workspace.",
  web: { path: "/agents", role: "viewer" },
  v1: { path: "/agents", group: "agents" },
  async run(scope) {
    return { agents: (await listAgents(scope)).map(serializeAgent) };
  },
});

export const createAgentOp = defineOperation({
  id: "agents.create",
  method: "post",
  summary: "Create an agent",
  description: "Only `name` is required; the type's preset fills the instructions and tools.",
  body: createAgentInput,
  output: agentResult,
  status: 201,
  outputDescription: "The new agent.",
  web: { path: "/agents", role: "member" },
  v1: { path: "/agents", group: "agents" },
  async run(scope, { body }) {
    return { agent: serializeAgent(await createAgent(scope, body)) };
  },
});

export const getAgentOp = defineOperation({
  id: "agents.get",
  method: "get",
  summary: "Get an agent",
  params: agentParams,
  output: agentResult,
  outputDescription: "The agent.",
  web: { path: "/agents/{id}", role: "viewer" },
  v1: { path: "/agents/{id}", group: "agents" },
  async run(scope, { params }) {
    return { agent: serializeAgent(await getAgent(scope, params.id)) };
  },
});

export const updateAgentOp = defineOperation({
  id: "agents.update",
  method: "patch",
  summary: "Update an agent",
  description:
    "Any of the agent's fields; the others stay. A real configuration change creates a new version.",
  params: agentParams,
  body: updateAgentInput,
  output: agentUpdateResult,
  outputDescription: "The saved agent and whether this save created a version.",
  web: { path: "/agents/{id}", role: "member" },
  v1: { path: "/agents/{id}", group: "agents" },
  async run(scope, { params, body }) {
    return serializeAgentUpdate(await updateAgent(scope, params.id, body));
  },
});

export const deleteAgentOp = defineOperation({
  id: "agents.delete",
  method: "delete",
  summary: "Delete an agent",
  description:
    "Needs an admin (on /api/v1, a key created by an admin or owner). Conversations keep their messages.",
  params: agentParams,
  output: okOutput,
  outputDescription: "Deleted.",
  web: { path: "/agents/{id}", role: "admin" },
  v1: { path: "/agents/{id}", group: "agents" },
  async run(scope, { params }) {
    await deleteAgent(scope, params.id);
    return OK;
  },
});

export const listAgentVersionsOp = defineOperation({
  id: "agentVersions.list",
  method: "get",
  summary: "List an agent's versions",
  description: "Newest first.",
  params: agentParams,
  output: agentVersionListResult,
  outputDescription: "The agent's saved configurations.",
  web: { path: "/agents/{id}/versions", role: "viewer" },
  async run(scope, { params }) {
    return { versions: (await listAgentVersions(scope, params.id)).map(serializeAgentVersion) };
  },
});

export const getAgentVersionOp = defineOperation({
  id: "agentVersions.get",
  method: "get",
  summary: "Get one version of an agent",
  description: "The frozen configuration a message was answered with (its `agentVersion`).",
  params: versionParams,
  output: agentVersionResult,
  outputDescription: "The version.",
  web: { path: "/agents/{id}/versions/{version}", role: "viewer" },
  async run(scope, { params }) {
    return { version: serializeAgentVersion(await getAgentVersion(scope, params.id, params.version)) };
  },
});

export const agentOperations = [
  listAgentsOp,
  createAgentOp,
  getAgentOp,
  updateAgentOp,
  deleteAgentOp,
  listAgentVersionsOp,
  getAgentVersionOp,
];
