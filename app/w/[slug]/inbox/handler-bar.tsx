"use client";

import { Bot, Hand, UserRound } from "lucide-react";
import type { ConversationSummary } from "@/components/chat/types";
import { formatDateTime } from "@/components/format";
import { Button } from "@/components/ui/button";
import { useConversationAction } from "./channel-queries";

/** Who answers the customer (the bot or people, and which member), with Take over / Hand back. */
export function HandlerBar({
  slug,
  conversation: c,
  names,
  me,
  canAct,
}: {
  slug: string;
  conversation: ConversationSummary;
  names: Map<string, string>;
  me?: string;
  canAct: boolean;
}) {
  const action = useConversationAction(slug, c.id);
  const human = c.handledBy === "human";
  const assignee = c.assigneeId
    ? c.assigneeId === me
      ? "you"
      : (names.get(c.assigneeId) ?? "a member")
    : null;
  return (
    <div
      className="flex flex-wrap items-center gap-2 rounded-md bg-muted/50 px-3 py-2 text-sm"
      data-testid="handler-bar"
    >
      {human ? (
        <UserRound className="size-4" aria-hidden="true" />
      ) : (
        <Bot className="size-4" aria-hidden="true" />
      )}
      <span className="min-w-0 flex-1">
        {human ? (
          <>
            <span className="font-medium">Handled by people</span>
            {assignee ? ` · ${assignee}` : " · unassigned"}
            {c.handoffReason ? (
              <span className="block text-xs text-muted-foreground">
                {c.handoffReason}
                {c.handoffAt ? ` (${formatDateTime(c.handoffAt)})` : ""}
              </span>
            ) : null}
          </>
        ) : (
          <span className="font-medium">Handled by the bot</span>
        )}
      </span>
      {canAct ? (
        <span className="flex gap-2">
          {!human || c.assigneeId !== me ? (
            <Button
              size="sm"
              variant={human ? "outline" : "default"}
              loading={action.isPending && action.variables === "take-over"}
              onClick={() => action.mutate("take-over")}
            >
              <Hand aria-hidden="true" />
              Take over
            </Button>
          ) : null}
          {human ? (
            <Button
              size="sm"
              variant="outline"
              loading={action.isPending && action.variables === "hand-back"}
              onClick={() => action.mutate("hand-back")}
            >
              <Bot aria-hidden="true" />
              Hand back to bot
            </Button>
          ) : null}
        </span>
      ) : null}
    </div>
  );
}
