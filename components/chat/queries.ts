"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api } from "@/components/api/client";
import { workspacePath } from "@/components/api/types";
import { type ConversationFilters, chatKeys, conversationPath, conversationsPath } from "./query-keys";
import type { AgentSummary, ConversationPage, ConversationSummary, MessagesPage } from "./types";

export const MESSAGE_PAGE_SIZE = 100;
const LIST_PAGE_SIZE = 30;
/** A row still "streaming" after this long was abandoned by its writer; stop polling for it. */
const STALE_STREAM_MS = 5 * 60_000;

export function useAgent(slug: string, id: string) {
  return useQuery({
    queryKey: chatKeys.agent(slug, id),
    queryFn: ({ signal }) =>
      api<{ agent: AgentSummary }>(workspacePath(slug, `/agents/${encodeURIComponent(id)}`), { signal }),
  });
}

export function useAgents(slug: string) {
  return useQuery({
    queryKey: chatKeys.agents(slug),
    queryFn: ({ signal }) => api<{ agents: AgentSummary[] }>(workspacePath(slug, "/agents"), { signal }),
  });
}

export function useConversationList(slug: string, filters: ConversationFilters) {
  return useInfiniteQuery({
    queryKey: chatKeys.conversationList(slug, filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(LIST_PAGE_SIZE) });
      for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
      if (pageParam) params.set("cursor", pageParam);
      return api<ConversationPage>(conversationsPath(slug, `?${params}`), { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useConversation(slug: string, id: string | null) {
  return useQuery({
    queryKey: chatKeys.conversationDetail(slug, id ?? ""),
    queryFn: ({ signal }) =>
      api<{ conversation: ConversationSummary }>(conversationPath(slug, id ?? ""), { signal }),
    enabled: Boolean(id),
  });
}

/** The latest page of a conversation's messages; polls while a reply is still being written elsewhere. */
export function useMessages(slug: string, id: string | null) {
  return useQuery({
    queryKey: chatKeys.messages(slug, id ?? ""),
    queryFn: ({ signal }) =>
      api<MessagesPage>(conversationPath(slug, id ?? "", `/messages?limit=${MESSAGE_PAGE_SIZE}`), { signal }),
    enabled: Boolean(id),
    staleTime: 5_000,
    refetchInterval: (query) => {
      const now = Date.now();
      const writing = query.state.data?.messages.some(
        (m) =>
          (m.status === "pending" || m.status === "streaming") &&
          now - new Date(m.createdAt).getTime() < STALE_STREAM_MS,
      );
      return writing ? 2_000 : false;
    },
  });
}

/** One page of messages older than `before`. */
export function fetchEarlierMessages(slug: string, id: string, before: number) {
  return api<MessagesPage>(
    conversationPath(slug, id, `/messages?before=${before}&limit=${MESSAGE_PAGE_SIZE}`),
  );
}
