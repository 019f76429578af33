"use client";

import { Inbox } from "lucide-react";
import Link from "next/link";
import { ChannelTag } from "@/components/channels/channel-meta";
import { conversationTitle } from "@/components/chat/conversation-mutations";
import { useConversationList } from "@/components/chat/queries";
import type { ConversationFilters } from "@/components/chat/query-keys";
import { inboxHref } from "@/components/chat/query-keys";
import { EmptyState } from "@/components/empty-state";
import { formatDateTime, formatRelative } from "@/components/format";
import { QueryError } from "@/components/query-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";
import { PriorityBadge } from "./priority";

export function InboxList({
  slug,
  filters,
  filtered,
  selectedId,
  agentNames,
}: {
  slug: string;
  filters: ConversationFilters;
  filtered: boolean;
  selectedId: string | null;
  agentNames: Map<string, string>;
}) {
  const list = useConversationList(slug, filters);
  const conversations = list.data?.pages.flatMap((p) => p.conversations) ?? [];

  if (list.isPending) {
    return (
      <div className="grid gap-2" aria-busy="true">
        {[0, 1, 2, 3, 4].map((i) => (
          <Skeleton key={i} className="h-16 w-full" />
        ))}
      </div>
    );
  }
  if (list.isError && conversations.length === 0) {
    return <QueryError error={list.error} onRetry={() => list.refetch()} />;
  }
  if (conversations.length === 0) {
    return (
      <EmptyState icon={Inbox} title={filtered ? "No conversations match" : "No conversations yet"}>
        {filtered ? "Try other filters." : "Conversations with your agents appear here as they happen."}
      </EmptyState>
    );
  }
  return (
    <nav aria-label="Conversations" className="grid gap-2">
      <ul className="grid gap-1">
        {conversations.map((c) => {
          const active = c.id === selectedId;
          const when = c.lastMessageAt ?? c.createdAt;
          const agent = c.agentId ? agentNames.get(c.agentId) : undefined;
          return (
            <li key={c.id}>
              <Link
                href={inboxHref(slug, c.id)}
                scroll={false}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "grid gap-1 rounded-md border px-3 py-2 outline-none transition-colors hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50",
                  active && "border-ring/60 bg-accent",
                )}
              >
                <span className="flex min-w-0 items-center gap-2">
                  <span className="min-w-0 flex-1 truncate text-sm font-medium">{conversationTitle(c)}</span>
                  {c.unreadCount > 0 ? (
                    <Badge aria-label={`${c.unreadCount} unread`} className="rounded-full px-1.5">
                      {c.unreadCount > 99 ? "99+" : c.unreadCount}
                    </Badge>
                  ) : null}
                  <time
                    dateTime={when}
                    title={formatDateTime(when)}
                    className="shrink-0 text-xs text-muted-foreground"
                  >
                    {formatRelative(when)}
                  </time>
                </span>
                <span className="flex min-w-0 flex-wrap items-center gap-1.5 text-xs text-muted-foreground">
                  <ChannelTag channel={c.channel} name={c.inboxName} className="max-w-32" />
                  <span aria-hidden="true">·</span>
                  <span className="truncate">{agent ?? "No agent"}</span>
                  {c.handledBy === "human" ? <Badge variant="outline">People</Badge> : null}
                  <span aria-hidden="true">·</span>
                  <span>{c.messageCount === 1 ? "1 message" : `${c.messageCount} messages`}</span>
                  {c.status === "closed" ? <Badge variant="outline">Closed</Badge> : null}
                  <PriorityBadge priority={c.priority} />
                  {c.tags.slice(0, 3).map((tag) => (
                    <Badge key={tag} variant="secondary" className="max-w-24 truncate">
                      {tag}
                    </Badge>
                  ))}
                  {c.tags.length > 3 ? <span>+{c.tags.length - 3}</span> : null}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
      {list.hasNextPage ? (
        <Button
          variant="ghost"
          size="sm"
          loading={list.isFetchingNextPage}
          onClick={() => list.fetchNextPage()}
        >
          Load more
        </Button>
      ) : null}
    </nav>
  );
}
