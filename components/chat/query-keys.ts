import type { z } from "zod";
import { queryKeys, workspacePath } from "@/components/api/types";
import type { listConversationsQuery } from "@/lib/conversations/schema";

/** Filters of a conversation list (the API's query without paging); part of its query key. */
export type ConversationFilters = Pick<
  z.output<typeof listConversationsQuery>,
  "agentId" | "status" | "priority" | "tag" | "q" | "channel" | "handledBy"
>;

/** Every key sits under `queryKeys.workspace(slug)`, so a workspace-wide invalidation reaches them. */
export const chatKeys = {
  conversations: (slug: string) => [...queryKeys.workspace(slug), "conversations"] as const,
  conversationList: (slug: string, filters: ConversationFilters) =>
    [...queryKeys.workspace(slug), "conversations", filters] as const,
  /** Prefix of every single conversation's queries. */
  anyConversation: (slug: string) => [...queryKeys.workspace(slug), "conversation"] as const,
  /** Prefix of a conversation's detail and its messages. */
  conversation: (slug: string, id: string) => [...queryKeys.workspace(slug), "conversation", id] as const,
  conversationDetail: (slug: string, id: string) =>
    [...queryKeys.workspace(slug), "conversation", id, "detail"] as const,
  messages: (slug: string, id: string) =>
    [...queryKeys.workspace(slug), "conversation", id, "messages"] as const,
  agents: (slug: string) => [...queryKeys.workspace(slug), "agents"] as const,
  agent: (slug: string, id: string) => [...queryKeys.workspace(slug), "agents", id] as const,
};

export const conversationsPath = (slug: string, sub = "") => workspacePath(slug, `/conversations${sub}`);
export const conversationPath = (slug: string, id: string, sub = "") =>
  workspacePath(slug, `/conversations/${encodeURIComponent(id)}${sub}`);

/** Page URLs. */
export const chatHref = (slug: string, agentId: string, conversationId?: string | null) =>
  `/w/${slug}/agents/${agentId}/chat${conversationId ? `?c=${conversationId}` : ""}`;
export const inboxHref = (slug: string, conversationId?: string | null) =>
  `/w/${slug}/inbox${conversationId ? `?c=${conversationId}` : ""}`;
export const providersHref = (slug: string) => `/w/${slug}/settings/providers`;
