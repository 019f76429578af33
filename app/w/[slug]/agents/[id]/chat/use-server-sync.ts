"use client";

import type { ChatStatus } from "ai";
import { type RefObject, useEffect } from "react";
import { mergeServerMessages } from "@/components/chat/messages";
import { useMessages } from "@/components/chat/queries";
import type { ChatMessage } from "@/components/chat/types";

/**
 * Folds the stored messages (re-read after each turn and on every live change)
 * into the chat's local ones whenever no request is in flight. A snapshot read
 * before the last send, or older than the reply just streamed, is skipped: it
 * would briefly drop the turn that was just sent.
 */
export function useServerSync({
  slug,
  conversationId,
  status,
  messages,
  setMessages,
  sentAt,
}: {
  slug: string;
  conversationId: string | null;
  status: ChatStatus;
  messages: ChatMessage[];
  setMessages: (update: (messages: ChatMessage[]) => ChatMessage[]) => void;
  sentAt: RefObject<number>;
}) {
  const query = useMessages(slug, conversationId);
  const { data, dataUpdatedAt } = query;
  const lastLocal = messages.at(-1);
  const lastStreamedIndex = lastLocal?.role === "assistant" ? lastLocal.metadata?.index : undefined;

  useEffect(() => {
    if (!data || status === "submitted" || status === "streaming") return;
    if (dataUpdatedAt <= sentAt.current) return;
    const newest = data.messages.at(-1)?.index ?? 0;
    if (lastStreamedIndex !== undefined && newest < lastStreamedIndex) return;
    setMessages((local) => mergeServerMessages(local, data.messages, status === "error"));
  }, [data, dataUpdatedAt, status, lastStreamedIndex, sentAt, setMessages]);

  return query;
}
