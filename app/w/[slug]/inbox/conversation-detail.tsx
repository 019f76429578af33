"use client";

import { ArrowLeft, CircleCheck, MessageSquare, RotateCcw } from "lucide-react";
import Link from "next/link";
import { ApiError } from "@/components/api/client";
import { ChannelTag } from "@/components/channels/channel-meta";
import { conversationTitle, useUpdateConversation } from "@/components/chat/conversation-mutations";
import { useConversation } from "@/components/chat/queries";
import { chatHref, inboxHref } from "@/components/chat/query-keys";
import type { AgentSummary } from "@/components/chat/types";
import { EmptyState } from "@/components/empty-state";
import { formatDateTime } from "@/components/format";
import { QueryError } from "@/components/query-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import type { ConversationPriority } from "@/lib/conversations/schema";
import { ChannelPanel, useChannelView } from "./channel-panel";
import { DetailTranscript } from "./detail-transcript";
import { HumanReplyForm } from "./human-reply-form";
import { PriorityBadge, priorities, priorityLabels } from "./priority";
import { TagEditor } from "./tag-editor";

/** One conversation in the inbox: status, priority, tags, a link into the chat, and the transcript. */
export function ConversationDetail({
  slug,
  id,
  agents,
  canEdit,
}: {
  slug: string;
  id: string;
  agents: Map<string, AgentSummary>;
  canEdit: boolean;
}) {
  const query = useConversation(slug, id);
  const update = useUpdateConversation(slug);
  const channel = useChannelView(slug, query.data?.conversation, canEdit);
  const back = (
    <Button asChild variant="ghost" size="sm" className="-ml-2 w-fit lg:hidden">
      <Link href={inboxHref(slug)} scroll={false}>
        <ArrowLeft aria-hidden="true" />
        All conversations
      </Link>
    </Button>
  );

  if (query.isPending) {
    return (
      <div className="grid gap-3" aria-busy="true">
        {back}
        <Skeleton className="h-8 w-2/3" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  if (query.isError && !query.data) {
    return (
      <div className="grid gap-3">
        {back}
        {query.error instanceof ApiError && query.error.status === 404 ? (
          <EmptyState icon={MessageSquare} title="Conversation not found">
            It may have been deleted.
          </EmptyState>
        ) : (
          <QueryError error={query.error} onRetry={() => query.refetch()} />
        )}
      </div>
    );
  }

  const c = query.data.conversation;
  const agent = c.agentId ? agents.get(c.agentId) : undefined;
  const pendingPatch = update.isPending ? update.variables?.patch : undefined;
  const status = pendingPatch?.status ?? c.status;
  const priority = pendingPatch?.priority ?? c.priority;
  const tags = pendingPatch?.tags ?? c.tags;
  const closed = status === "closed";

  return (
    <article className="grid min-w-0 gap-4">
      {back}
      <header className="grid gap-3 border-b pb-4">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0 space-y-1">
            <h2 className="break-words text-lg font-semibold">{conversationTitle(c)}</h2>
            <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-muted-foreground">
              <Badge variant={closed ? "outline" : "secondary"}>{closed ? "Closed" : "Open"}</Badge>
              <PriorityBadge priority={priority} />
              <ChannelTag channel={c.channel} name={c.inboxName} />
              <span aria-hidden="true">·</span>
              <span>{agent?.name ?? "No agent"}</span>
              <span aria-hidden="true">·</span>
              <span>Started {formatDateTime(c.createdAt)}</span>
            </p>
          </div>
          <div className="flex shrink-0 flex-wrap gap-2">
            {canEdit ? (
              <Select
                value={priority}
                disabled={update.isPending}
                onValueChange={(next) =>
                  update.mutate({ id, patch: { priority: next as ConversationPriority } })
                }
              >
                <SelectTrigger aria-label="Conversation priority" size="sm" className="w-36">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {priorities.map((p) => (
                    <SelectItem key={p} value={p}>
                      {priorityLabels[p]} priority
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            ) : null}
            {canEdit ? (
              <Button
                variant="outline"
                size="sm"
                disabled={update.isPending}
                onClick={() => update.mutate({ id, patch: { status: closed ? "open" : "closed" } })}
              >
                {closed ? <RotateCcw aria-hidden="true" /> : <CircleCheck aria-hidden="true" />}
                {closed ? "Reopen" : "Close"}
              </Button>
            ) : null}
            {c.agentId && c.channel === "web" ? (
              <Button asChild size="sm">
                <Link href={chatHref(slug, c.agentId, c.id)}>
                  <MessageSquare aria-hidden="true" />
                  Open in chat
                </Link>
              </Button>
            ) : null}
          </div>
        </div>
        <TagEditor
          tags={tags}
          pending={update.isPending}
          onChange={canEdit ? (next) => update.mutate({ id, patch: { tags: next } }) : undefined}
        />
        {channel ? <ChannelPanel slug={slug} conversation={c} view={channel} canAct={canEdit} /> : null}
      </header>
      <DetailTranscript
        slug={slug}
        conversationId={id}
        agentName={agent?.name ?? "Agent"}
        agentAvatar={agent?.avatar}
        humanName={channel?.humanName}
        annotate={channel?.annotate}
      />
      {channel && canEdit ? (
        <HumanReplyForm slug={slug} conversationId={id} botActive={c.handledBy === "bot"} />
      ) : null}
    </article>
  );
}
