import { type ApiKey, queryKeys, workspacePath } from "@/components/api/types";
import type { ApiKeyGroup } from "@/lib/api-keys/schema";

/** What POST answers is the only response that ever carries the secret. */
export type { ApiKey, CreatedApiKey as CreatedKey } from "@/components/api/types";

export const groupLabels: Record<ApiKeyGroup, { label: string; hint: string }> = {
  agents: { label: "Agents", hint: "List, create and edit agents." },
  chat: { label: "Chat", hint: "Send messages to agents and read replies." },
  conversations: { label: "Conversations", hint: "Read, tag and close conversations." },
  catalog: { label: "Catalog", hint: "Products and carts." },
  usage: { label: "Usage", hint: "Token and cost figures." },
  flows: { label: "Flows", hint: "Run flows, read runs, decide approvals." },
};

export const apiKeyKeys = {
  all: (slug: string) => [...queryKeys.workspace(slug), "api-keys"] as const,
};

export const apiKeysPath = (slug: string, id?: string) =>
  workspacePath(slug, id ? `/api-keys/${encodeURIComponent(id)}` : "/api-keys");

/** Active, revoked or expired, for the list's status column. */
export function keyStatus(key: ApiKey): "active" | "revoked" | "expired" {
  if (key.revokedAt) return "revoked";
  return key.active ? "active" : "expired";
}
