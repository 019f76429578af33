import { queryKeys, workspacePath } from "@/components/api/types";
import type { IntegrationAuthType } from "@/lib/integrations/schema";

// The browser's integration types are the contract's wire shapes (type-only: no server code reaches the bundle).
// An integration as the API sends it: the secret itself never leaves the server.
export type {
  AgentGrantsBody,
  AgentToolGrantJson as AgentToolGrant,
  CreateIntegrationBody,
  IntegrationGrantsBody,
  IntegrationJson as Integration,
  RefreshJson as RefreshResult,
  UpdateIntegrationBody,
} from "@/lib/integrations/contract";
export type { IntegrationAuthType };

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
