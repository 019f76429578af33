import { queryKeys, workspacePath } from "@/components/api/types";
import type { ApiKey, ApiKeyGroup } from "@/lib/api-keys/schema";

export type { ApiKey };

/** What POST answers: the only response that ever carries the secret. */
export interface CreatedKey {
  key: ApiKey;
  secret: string;
}

export const groupLabels: Record<ApiKeyGroup, { label: string; hint: string }> = {
  agents: { label: "Agents", hint: "List, create and edit agents." },
  chat: { label: "Chat", hint: "Send messages to agents and read replies." },
  conversations: { label: "Conversations", hint: "Read, tag and close conversations." },
  catalog: { label: "Catalog", hint: "Products and carts." },
  usage: { label: "Usage", hint: "Token and cost figures." },
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
