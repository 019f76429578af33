import { queryKeys, workspacePath } from "@/components/api/types";
import type { AgentConfig, AgentType, BuiltinToolName } from "@/lib/agents/schema";

export type { AgentConfig, AgentType, BuiltinToolName };

/** An agent as the API sends it (dates are ISO strings after JSON). */
export interface Agent extends AgentConfig {
  id: string;
  workspaceId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface AgentVersion {
  agentId: string;
  version: number;
  config: AgentConfig;
  createdBy: string | null;
  createdAt: string;
}

export interface SavedAgent {
  agent: Agent;
  version?: number;
  changed?: boolean;
}

/** Payload accepted by POST/PATCH .../agents. */
export type AgentInput = Omit<AgentConfig, "avatar"> & { avatar: string | null };

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
