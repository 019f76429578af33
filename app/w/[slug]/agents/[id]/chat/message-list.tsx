"use client";

import type { ChatStatus } from "ai";
import { planLimitOf } from "@/components/billing/plan-limit";
import { AgentAvatar } from "@/components/chat/agent-avatar";
import { MessageError } from "@/components/chat/message-error";
import { TypingIndicator } from "@/components/chat/message-parts";
import { describeChatError, storedIndexOf } from "@/components/chat/messages";
import type { AgentSummary, ChatMessage } from "@/components/chat/types";
import { PlanLimitNotice } from "../../../_components/plan-limit-notice";
import { AssistantMessage } from "./assistant-message";
import { UserMessage } from "./user-message";

export interface MessageActionsHandlers {
  onEdit: (message: ChatMessage, index: number, text: string) => void;
  onRegenerate: () => void;
  onRetry: () => void;
}

/** The conversation so far, plus what the current request is doing (waiting, failed before a reply). */
export function MessageList({
  messages,
  agent,
  status,
  error,
  canSend,
  canRewrite,
  handlers,
}: {
  messages: ChatMessage[];
  agent: AgentSummary;
  status: ChatStatus;
  error: Error | undefined;
  canSend: boolean;
  /** Edit and regenerate drop the conversation's tail: offered only where the server allows it. */
  canRewrite: boolean;
  handlers: MessageActionsHandlers;
}) {
  const busy = status === "submitted" || status === "streaming";
  const last = messages.at(-1);
  // Retry sends a message the server never stored again (anyone who may chat); otherwise it regenerates.
  const canRetry = canSend && (canRewrite || (last?.role === "user" && last.metadata?.index === undefined));
  // Refused by the plan (402): said as such, with the upgrade path, rather than as a failed reply.
  const planLimit = status === "error" ? planLimitOf(error) : null;
  return (
    <>
      {messages.map((m, i) => {
        const isLast = i === messages.length - 1;
        if (m.role === "user") {
          const index = storedIndexOf(messages, i);
          return (
            <UserMessage
              key={m.id}
              message={m}
              onEdit={
                canSend && canRewrite
                  ? (text) => index !== undefined && handlers.onEdit(m, index, text)
                  : undefined
              }
              editDisabled={busy || index === undefined}
            />
          );
        }
        const settled = ["complete", "error", "stopped"].includes(m.metadata?.status ?? "");
        return (
          <AssistantMessage
            key={m.id}
            message={m}
            agentName={agent.name}
            agentAvatar={agent.avatar}
            streaming={busy && isLast}
            error={isLast && status === "error" && !settled ? describeChatError(error) : null}
            onRetry={canRetry && isLast && !busy ? handlers.onRetry : undefined}
            onRegenerate={canSend && canRewrite && isLast && !busy ? handlers.onRegenerate : undefined}
          />
        );
      })}
      {status === "submitted" && last?.role !== "assistant" ? (
        <div className="flex gap-3">
          <AgentAvatar name={agent.name} avatar={agent.avatar} className="hidden sm:flex" />
          <TypingIndicator />
        </div>
      ) : null}
      {status === "error" && planLimit ? (
        <PlanLimitNotice error={planLimit} onRetry={canRetry ? handlers.onRetry : undefined} />
      ) : status === "error" && last?.role === "user" ? (
        <MessageError message={describeChatError(error)} onRetry={canRetry ? handlers.onRetry : undefined} />
      ) : null}
    </>
  );
}
