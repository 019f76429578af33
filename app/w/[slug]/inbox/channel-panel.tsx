"use client";

import { type ReactNode, useEffect } from "react";
import type { ChatMessage, ConversationSummary } from "@/components/chat/types";
import { useConversationAction, useDeliveries, useMemberNames, useRetryDelivery } from "./channel-queries";
import { DeliveryStatus, FailedDeliveries } from "./delivery-status";
import { HandlerBar } from "./handler-bar";

export interface ChannelView {
  humanName: (userId: string) => string;
  annotate: (m: ChatMessage) => ReactNode;
  names: Map<string, string>;
  me?: string;
}

/**
 * What a channel conversation adds to the Inbox: the member who wrote a human
 * reply, each reply's delivery status with Retry, and "read" when a member
 * opens it. Null for the in-app chat, which has no customer channel.
 */
export function useChannelView(
  slug: string,
  c: ConversationSummary | undefined,
  canAct: boolean,
): ChannelView | null {
  const isChannel = Boolean(c && c.channel !== "web");
  const { names, me } = useMemberNames(slug);
  const deliveries = useDeliveries(slug, c?.id ?? "", isChannel);
  const retry = useRetryDelivery(slug, c?.id ?? "");
  const read = useConversationAction(slug, c?.id ?? "");
  const unread = c?.unreadCount ?? 0;
  const readMutate = read.mutate;
  useEffect(() => {
    if (isChannel && canAct && unread > 0) readMutate("read");
  }, [isChannel, canAct, unread, readMutate]);
  if (!c || !isChannel) return null;
  const byMessage = new Map(
    (deliveries.data?.deliveries ?? []).filter((d) => d.messageId).map((d) => [d.messageId, d]),
  );
  return {
    names,
    me,
    humanName: (userId) => names.get(userId) ?? "Team member",
    annotate: (m) => {
      const d = byMessage.get(m.id);
      const author = m.metadata?.createdBy;
      if (!d && !author) return null;
      return (
        <span className="flex flex-wrap items-center gap-2" data-testid="delivery">
          {author ? (
            <span className="text-xs font-medium">Human reply · {names.get(author) ?? "Team member"}</span>
          ) : null}
          {d ? (
            <DeliveryStatus
              delivery={d}
              onRetry={canAct ? () => retry.mutate(d.id) : undefined}
              retrying={retry.isPending && retry.variables === d.id}
            />
          ) : null}
        </span>
      );
    },
  };
}

export function ChannelPanel({
  slug,
  conversation,
  view,
  canAct,
}: {
  slug: string;
  conversation: ConversationSummary;
  view: ChannelView;
  canAct: boolean;
}) {
  const deliveries = useDeliveries(slug, conversation.id, true);
  const retry = useRetryDelivery(slug, conversation.id);
  return (
    <>
      <HandlerBar slug={slug} conversation={conversation} names={view.names} me={view.me} canAct={canAct} />
      <FailedDeliveries
        deliveries={deliveries.data?.deliveries ?? []}
        onRetry={canAct ? (id) => retry.mutate(id) : undefined}
        retryingId={retry.isPending ? retry.variables : undefined}
      />
    </>
  );
}
