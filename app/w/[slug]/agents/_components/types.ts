import { queryKeys, workspacePath } from "@/components/api/types";
import type { AgentConfigJson, AgentJson, AgentUpdateJson, AgentVersionJson } from "@/lib/agents/contract";
import type { AgentType, BuiltinToolName } from "@/lib/agents/schema";

// The wire shapes come from the agents' contract (type-only: no server code reaches the bundle).
export type {
  AgentConfigJson as AgentConfig,
  AgentJson as Agent,
  AgentType,
  AgentVersionJson as AgentVersion,
  BuiltinToolName,
};

/** What POST (the agent) and PATCH (the agent, its version and whether it changed) answer. */
export type SavedAgent = Pick<AgentUpdateJson, "agent"> & Partial<Omit<AgentUpdateJson, "agent">>;

/** Payload the form sends to POST/PATCH .../agents: every configuration field. */
export type AgentInput = AgentConfigJson;

export const agentKeys = {
  all: (slug: string) => [...queryKeys.workspace(slug), "agents"] as const,
  one: (slug: string, id: string) => [...queryKeys.workspace(slug), "agents", id] as const,
  versions: (slug: string, id: string) => [...queryKeys.workspace(slug), "agents", id, "versions"] as const,
  models: (slug: string) => [...queryKeys.workspace(slug), "models"] as const,
};

export const agentsPath = (slug: string, sub = "") => workspacePath(slug, `/agents${sub}`);
export const agentPath = (slug: string, id: string, sub = "") =>
  workspacePath(slug, `/agents/${encodeURIComponent(id)}${sub}`);

/** Page URLs. */
export const agentHref = (slug: string, id?: string, sub = "") =>
  id ? `/w/${slug}/agents/${id}${sub}` : `/w/${slug}/agents${sub}`;
export const providersHref = (slug: string) => `/w/${slug}/settings/providers`;

export const canEditAgents = (role: string) => role !== "viewer";
