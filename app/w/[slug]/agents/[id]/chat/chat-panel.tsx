"use client";

import { MessageSquareDashed } from "lucide-react";
import type { RefObject } from "react";
import { ApiError } from "@/components/api/client";
import { toChatMessages } from "@/components/chat/messages";
import { useMessages } from "@/components/chat/queries";
import type { AgentSummary } from "@/components/chat/types";
import { EmptyState } from "@/components/empty-state";
import { QueryError } from "@/components/query-error";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { ChatSession } from "./chat-session";

/** Loads an existing conversation's history, then hands it to a live chat session. */
export function ChatPanel({
  slug,
  agent,
  conversationId,
  onConversationStarted,
  onNewChat,
  canRewrite,
  composerRef,
}: {
  slug: string;
  agent: AgentSummary;
  /** The conversation this session opened with; null for a new chat. */
  conversationId: string | null;
  onConversationStarted: (id: string) => void;
  onNewChat?: () => void;
  /** Whether edit and regenerate are offered (canRewriteConversation). */
  canRewrite: boolean;
  composerRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const history = useMessages(slug, conversationId);

  if (conversationId && history.isPending) {
    return (
      <div className="mx-auto grid w-full max-w-3xl flex-1 content-start gap-6 px-4 py-6" aria-busy="true">
        <Skeleton className="ml-auto h-10 w-2/3 rounded-2xl" />
        <Skeleton className="h-24 w-full" />
        <Skeleton className="ml-auto h-10 w-1/2 rounded-2xl" />
      </div>
    );
  }
  const gone = history.error instanceof ApiError && history.error.status === 404;
  // A failed background re-read keeps the chat on screen; only a missing conversation replaces it.
  if (conversationId && history.isError && (gone || !history.data)) {
    return (
      <div className="mx-auto w-full max-w-3xl flex-1 px-4 py-6">
        {gone ? (
          <EmptyState icon={MessageSquareDashed} title="This conversation no longer exists">
            <p>It may have been deleted.</p>
            {onNewChat ? (
              <Button className="mt-3" size="sm" onClick={onNewChat}>
                Start a new chat
              </Button>
            ) : null}
          </EmptyState>
        ) : (
          <QueryError error={history.error} onRetry={() => history.refetch()} />
        )}
      </div>
    );
  }
  return (
    <ChatSession
      agent={agent}
      initialConversationId={conversationId}
      initialMessages={history.data ? toChatMessages(history.data.messages) : []}
      initialHasMore={Boolean(history.data?.hasMore)}
      onConversationStarted={onConversationStarted}
      canRewrite={canRewrite}
      composerRef={composerRef}
    />
  );
}
