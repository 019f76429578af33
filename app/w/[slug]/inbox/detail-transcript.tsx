"use client";

import { MessagesSquare } from "lucide-react";
import { type ReactNode, useState } from "react";
import { toast } from "sonner";
import { errorMessage } from "@/components/api/client";
import { toChatMessages } from "@/components/chat/messages";
import { fetchEarlierMessages, useMessages } from "@/components/chat/queries";
import { Transcript } from "@/components/chat/transcript";
import type { ChatMessage, StoredMessage } from "@/components/chat/types";
import { EmptyState } from "@/components/empty-state";
import { QueryError } from "@/components/query-error";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";

/** A conversation's messages, read-only, live, with older pages on demand. */
export function DetailTranscript({
  slug,
  conversationId,
  agentName,
  agentAvatar,
  humanName,
  annotate,
}: {
  slug: string;
  conversationId: string;
  agentName: string;
  agentAvatar?: string | null;
  humanName?: (userId: string) => string;
  annotate?: (m: ChatMessage) => ReactNode;
}) {
  const latest = useMessages(slug, conversationId);
  const [older, setOlder] = useState<{ messages: StoredMessage[]; hasMore: boolean } | null>(null);
  const [loading, setLoading] = useState(false);

  if (latest.isPending) {
    return (
      <div className="grid gap-4" aria-busy="true">
        <Skeleton className="ml-auto h-10 w-2/3 rounded-2xl" />
        <Skeleton className="h-20 w-full" />
      </div>
    );
  }
  if (latest.isError && !latest.data)
    return <QueryError error={latest.error} onRetry={() => latest.refetch()} />;

  const page = latest.data?.messages ?? [];
  const first = page[0]?.index;
  // Older pages stop where the live page starts, whatever it holds now.
  const earlier = (older?.messages ?? []).filter((m) => first === undefined || m.index < first);
  const oldest = earlier[0]?.index ?? first;
  const hasMore = older ? older.hasMore : Boolean(latest.data?.hasMore);

  const loadEarlier = async () => {
    if (!oldest) return;
    setLoading(true);
    try {
      const res = await fetchEarlierMessages(slug, conversationId, oldest);
      setOlder({ messages: [...res.messages, ...earlier], hasMore: Boolean(res.hasMore) });
    } catch (e) {
      toast.error(errorMessage(e));
    } finally {
      setLoading(false);
    }
  };

  if (page.length === 0) {
    return (
      <EmptyState icon={MessagesSquare} title="No messages yet">
        Messages appear here as they are sent.
      </EmptyState>
    );
  }
  return (
    <div className="grid min-w-0 gap-6">
      {hasMore && oldest && oldest > 1 ? (
        <Button
          variant="ghost"
          size="sm"
          className="justify-self-center"
          loading={loading}
          onClick={loadEarlier}
        >
          Load earlier messages
        </Button>
      ) : null}
      <Transcript
        messages={toChatMessages([...earlier, ...page])}
        agentName={agentName}
        agentAvatar={agentAvatar}
        humanName={humanName}
        annotate={annotate}
      />
    </div>
  );
}
