import { z } from "zod";
import {
  agentTypes,
  BUILTIN_TOOL_NAMES,
  createAgent,
  createAgentInput,
  getAgent,
  listAgents,
  type UpdateAgentInput,
  updateAgent,
} from "../../lib/agents";
import { defineTool } from "../registry";
import { agentOut, agentShape } from "./shapes";

// The lib's own field schemas (limits and messages), under snake_case names as
// tool arguments usually are; lib/ validates again with the camelCase schema.
const f = createAgentInput.shape;
const agentFields = {
  name: f.name.describe("Display name, 1-80 characters"),
  type: f.type.describe(`One of ${agentTypes.join(", ")}; presets fill instructions and tools`),
  description: f.description,
  avatar: f.avatar,
  instructions: f.instructions.describe("System prompt"),
  provider_connection_id: f.providerConnectionId.describe("A model provider connection of this workspace"),
  model: f.model.describe('Model id, e.g. "gpt-4o-mini" or "openai:gpt-4o"; null for the offline model'),
  temperature: f.temperature,
  max_steps: f.maxSteps.describe("Most model steps (tool rounds) per turn, 1-20"),
  tools: f.tools.describe(`Built-in tools: ${BUILTIN_TOOL_NAMES.join(", ")}`),
  rag_enabled: f.ragEnabled,
  rag_top_k: f.ragTopK,
  external_endpoint_url: f.externalEndpointUrl.describe(
    "Answer through this HTTP endpoint instead of a model",
  ),
  external_timeout_ms: f.externalTimeoutMs,
};
const agentId = z.uuid({ message: "Not a valid agent id." }).describe("Agent id (from agents_list)");

type SnakeFields = { [K in keyof typeof agentFields]?: z.output<(typeof agentFields)[K]> };

function toLib(v: SnakeFields): UpdateAgentInput {
  const out: Record<string, unknown> = {
    name: v.name,
    type: v.type,
    description: v.description,
    avatar: v.avatar,
    instructions: v.instructions,
    providerConnectionId: v.provider_connection_id,
    model: v.model,
    temperature: v.temperature,
    maxSteps: v.max_steps,
    tools: v.tools,
    ragEnabled: v.rag_enabled,
    ragTopK: v.rag_top_k,
    externalEndpointUrl: v.external_endpoint_url,
    externalTimeoutMs: v.external_timeout_ms,
  };
  return Object.fromEntries(Object.entries(out).filter(([, x]) => x !== undefined)) as UpdateAgentInput;
}

const summaryShape = agentShape.pick({
  id: true,
  name: true,
  description: true,
  type: true,
  model: true,
  tools: true,
  version: true,
  updatedAt: true,
});

export const agentsList = defineTool({
  name: "agents_list",
  title: "List agents",
  description: "The workspace's agents (summary). Use agents_get for an agent's full configuration.",
  group: "agents",
  access: "read",
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.strictObject({}),
  output: z.object({ agents: z.array(summaryShape) }),
  untrusted: false,
  async run({ scope }) {
    const agents = await listAgents(scope);
    return { agents: agents.map((a) => summaryShape.parse(agentOut(a))) };
  },
});

export const agentsGet = defineTool({
  name: "agents_get",
  title: "Get agent",
  description: "One agent's full configuration: instructions, model, tools, RAG and endpoint settings.",
  group: "agents",
  access: "read",
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.strictObject({ agent_id: agentId }),
  output: z.object({ agent: agentShape }),
  untrusted: false,
  async run({ scope }, { agent_id }) {
    return { agent: agentOut(await getAgent(scope, agent_id)) };
  },
});

export const agentsCreate = defineTool({
  name: "agents_create",
  title: "Create agent",
  description:
    "Creates an agent. Only `name` is required; the type's preset fills instructions and tools when not given.",
  group: "agents",
  access: "write",
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z
    .strictObject({ ...agentFields, name: agentFields.name })
    .partial()
    .required({ name: true }),
  output: z.object({ agent: agentShape }),
  untrusted: false,
  async run({ scope }, args) {
    const input = toLib(args) as Parameters<typeof createAgent>[1];
    return { agent: agentOut(await createAgent(scope, input)) };
  },
});

export const agentsUpdate = defineTool({
  name: "agents_update",
  title: "Update agent",
  description:
    "Changes the given fields of an agent; the rest stay. The version goes up only when something really changed (earlier versions are kept).",
  group: "agents",
  access: "write",
  // Overwrites configuration (recoverable from versions, but not additive), and the same call twice changes nothing more.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z
    .strictObject({ agent_id: agentId, ...agentFields })
    .partial()
    .required({ agent_id: true }),
  output: z.object({ agent: agentShape, version: z.number().int(), changed: z.boolean() }),
  untrusted: false,
  async run({ scope }, { agent_id, ...fields }) {
    const res = await updateAgent(scope, agent_id, toLib(fields));
    return { agent: agentOut(res.agent), version: res.version, changed: res.changed };
  },
});
