import { queryKeys, workspacePath } from "@/components/api/types";
import type { AgentToolGrant, IntegrationAuthType, IntegrationView } from "@/lib/integrations/schema";

export type { AgentToolGrant, IntegrationAuthType };

/** An integration as the API sends it: the secret itself never leaves the server. */
export type Integration = Omit<IntegrationView, "createdAt" | "updatedAt" | "toolsRefreshedAt"> & {
  createdAt: string;
  updatedAt: string;
  toolsRefreshedAt: string | null;
};

export interface RefreshResult {
  integration: Integration;
  ok: boolean;
  error?: string;
}

export const authTypeLabels: Record<IntegrationAuthType, string> = {
  none: "No authentication",
  bearer: "Bearer token",
  header: "Custom header",
};

export const integrationKeys = {
  all: (slug: string) => [...queryKeys.workspace(slug), "integrations"] as const,
  grants: (slug: string, id: string) => [...queryKeys.workspace(slug), "integrations", id, "grants"] as const,
};

export const integrationsPath = (slug: string) => workspacePath(slug, "/integrations");
export const integrationPath = (slug: string, id: string, sub = "") =>
  workspacePath(slug, `/integrations/${encodeURIComponent(id)}${sub}`);
