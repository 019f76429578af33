import type { Selectable } from "kysely";
import type { Agents, AgentVersions } from "../db/types";
import {
  type Agent,
  type AgentConfig,
  agentTypeSchema,
  BUILTIN_TOOL_NAMES,
  type BuiltinToolName,
} from "./schema";

/** The columns an Agent is built from (never created_by: not part of the API). */
export const agentColumns = [
  "id",
  "workspace_id",
  "name",
  "avatar",
  "description",
  "type",
  "instructions",
  "provider_connection_id",
  "model",
  "temperature",
  "max_steps",
  "tools",
  "rag_enabled",
  "rag_top_k",
  "external_endpoint_url",
  "external_timeout_ms",
  "welcome_message",
  "version",
  "created_at",
  "updated_at",
] as const;

type AgentRow = Pick<Selectable<Agents>, (typeof agentColumns)[number]>;

const builtin = new Set<string>(BUILTIN_TOOL_NAMES);
/** Names saved before a built-in tool was retired name nothing that can run: they are left out. */
const builtinTools = (v: unknown): BuiltinToolName[] =>
  Array.isArray(v) ? v.filter((t): t is BuiltinToolName => typeof t === "string" && builtin.has(t)) : [];

export function toAgent(r: AgentRow): Agent {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    avatar: r.avatar,
    description: r.description,
    type: r.type,
    instructions: r.instructions,
    providerConnectionId: r.provider_connection_id,
    model: r.model,
    temperature: r.temperature,
    maxSteps: r.max_steps,
    tools: builtinTools(r.tools),
    ragEnabled: r.rag_enabled,
    ragTopK: r.rag_top_k,
    externalEndpointUrl: r.external_endpoint_url,
    externalTimeoutMs: r.external_timeout_ms,
    welcomeMessage: r.welcome_message,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : fallback);
const strOrNull = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown, fallback: number): number => (typeof v === "number" ? v : fallback);

/** The snapshot is written by private.agent_config() in snake_case; read it defensively. */
export function toAgentConfig(config: unknown): AgentConfig {
  const c = (typeof config === "object" && config !== null ? config : {}) as Record<string, unknown>;
  const type = agentTypeSchema.safeParse(c.type);
  return {
    name: str(c.name),
    avatar: strOrNull(c.avatar),
    description: str(c.description),
    type: type.success ? type.data : "custom",
    instructions: str(c.instructions),
    providerConnectionId: strOrNull(c.provider_connection_id),
    model: strOrNull(c.model),
    temperature: num(c.temperature, 0.7),
    maxSteps: num(c.max_steps, 5),
    tools: builtinTools(c.tools),
    ragEnabled: c.rag_enabled === true,
    ragTopK: num(c.rag_top_k, 5),
    externalEndpointUrl: strOrNull(c.external_endpoint_url),
    externalTimeoutMs: num(c.external_timeout_ms, 30_000),
    welcomeMessage: str(c.welcome_message),
  };
}

export function toAgentVersion(
  r: Pick<Selectable<AgentVersions>, "agent_id" | "version" | "config" | "created_by" | "created_at">,
) {
  return {
    agentId: r.agent_id,
    version: r.version,
    config: toAgentConfig(r.config),
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}
