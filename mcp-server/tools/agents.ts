import { z } from "zod";
import {
  agentFieldSchemas,
  agentIdSchema,
  createAgent,
  getAgent,
  listAgents,
  updateAgent,
} from "../../lib/agents";
import {
  agentResult,
  agentSummaryOutput,
  agentUpdateResult,
  serializeAgent,
  serializeAgentSummary,
  serializeAgentUpdate,
} from "../../lib/agents/contract";
import type { CreateAgentInput, UpdateAgentInput } from "../../lib/agents/schema";
import { defineTool } from "../registry";

// The contract's field schemas (limits, messages, descriptions) under
// snake_case names, as tool arguments usually are: a field added to the
// contract is a tool argument without a change here. lib/ validates again.
type Snake<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${Snake<T>}`
  : S;
type Fields = typeof agentFieldSchemas;
type SnakeFields = { [K in keyof Fields as Snake<K & string>]: Fields[K] };

const toSnake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const toCamel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

const agentFields = Object.fromEntries(
  Object.entries(agentFieldSchemas).map(([k, s]) => [toSnake(k), s]),
) as unknown as SnakeFields;

/** Tool arguments back to the contract's camelCase input; absent arguments stay absent. */
function toLib(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(args)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [toCamel(k), v]),
  );
}

const agentId = agentIdSchema.describe("Agent id (from list_agents)");

export const listAgentsTool = defineTool({
  name: "list_agents",
  aliases: ["agents_list"],
  title: "List agents",
  description: "The workspace's agents (summary). Use get_agent for an agent's full configuration.",
  group: "agents",
  access: "read",
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.strictObject({}),
  output: z.object({ agents: z.array(agentSummaryOutput) }),
  untrusted: false,
  async run({ scope }) {
    return { agents: (await listAgents(scope)).map(serializeAgentSummary) };
  },
});

export const getAgentTool = defineTool({
  name: "get_agent",
  aliases: ["agents_get"],
  title: "Get agent",
  description: "One agent's full configuration: instructions, model, tools, RAG and endpoint settings.",
  group: "agents",
  access: "read",
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.strictObject({ agent_id: agentId }),
  output: agentResult,
  untrusted: false,
  async run({ scope }, { agent_id }) {
    return { agent: serializeAgent(await getAgent(scope, agent_id)) };
  },
});

export const createAgentTool = defineTool({
  name: "create_agent",
  aliases: ["agents_create"],
  title: "Create agent",
  description:
    "Creates an agent. Only `name` is required; the type's preset fills instructions and tools when not given.",
  group: "agents",
  access: "write",
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z.strictObject(agentFields).partial().required({ name: true }),
  output: agentResult,
  untrusted: false,
  async run({ scope }, args) {
    return { agent: serializeAgent(await createAgent(scope, toLib(args) as CreateAgentInput)) };
  },
});

export const updateAgentTool = defineTool({
  name: "update_agent",
  aliases: ["agents_update"],
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
  output: agentUpdateResult,
  untrusted: false,
  async run({ scope }, { agent_id, ...fields }) {
    return serializeAgentUpdate(await updateAgent(scope, agent_id, toLib(fields) as UpdateAgentInput));
  },
});
