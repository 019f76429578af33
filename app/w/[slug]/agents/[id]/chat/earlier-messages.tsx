"use client";

import { type RefObject, useState } from "react";
import { toast } from "sonner";
import { errorMessage } from "@/components/api/client";
import { toChatMessages } from "@/components/chat/messages";
import { fetchEarlierMessages } from "@/components/chat/queries";
import type { ChatMessage } from "@/components/chat/types";
import { Button } from "@/components/ui/button";

/** "Load earlier messages": prepends the previous page and keeps the reader's scroll position. */
export function EarlierMessages({
  slug,
  conversationId,
  initialHasMore,
  messages,
  setMessages,
  scrollRef,
}: {
  slug: string;
  conversationId: string;
  initialHasMore: boolean;
  messages: ChatMessage[];
  setMessages: (update: (messages: ChatMessage[]) => ChatMessage[]) => void;
  scrollRef: RefObject<HTMLDivElement | null>;
}) {
  const [hasMore, setHasMore] = useState(initialHasMore);
  const [loading, setLoading] = useState(false);
  const first = messages[0]?.metadata?.index;
  if (!hasMore || first === undefined || first <= 1) return null;

  const load = async () => {
    setLoading(true);
    try {
      const page = await fetchEarlierMessages(slug, conversationId, first);
      const el = scrollRef.current;
      const before = el?.scrollHeight ?? 0;
      const older = toChatMessages(page.messages).filter((m) => (m.metadata?.index ?? 0) < first);
      setMessages((local) => [...older, ...local]);
      setHasMore(Boolean(page.hasMore));
      requestAnimationFrame(() => {
        if (el) el.scrollTop += el.scrollHeight - before;
      });
    } catch (e) {
      toast.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  };

  return (
    <div className="flex justify-center">
      <Button variant="ghost" size="sm" loading={loading} onClick={load}>
        Load earlier messages
      </Button>
    </div>
  );
}
