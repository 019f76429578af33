"use client";

import type { ReactNode } from "react";
import { AssistantBody } from "./assistant-body";
import { AssistantMessageFrame, UserMessageFrame } from "./message-frames";
import { MessageMeta } from "./message-meta";
import { textOf } from "./messages";
import type { ChatMessage } from "./types";

/** A conversation, read-only (the inbox): the same rendering as the chat, without actions. */
export function Transcript({
  messages,
  agentName,
  agentAvatar,
  humanName,
  annotate,
}: {
  messages: ChatMessage[];
  agentName: string;
  agentAvatar?: string | null;
  /** The name shown on a reply a member wrote by hand (channels). */
  humanName?: (userId: string) => string;
  /** Extra status under an assistant message (a channel's delivery). */
  annotate?: (m: ChatMessage) => ReactNode;
}) {
  return (
    <ol className="grid min-w-0 gap-6">
      {messages.map((m) => (
        <li key={m.id} className="min-w-0">
          {m.role === "user" ? (
            <UserMessageFrame>{textOf(m)}</UserMessageFrame>
          ) : (
            <AssistantMessageFrame
              agentName={
                m.metadata?.createdBy ? (humanName?.(m.metadata.createdBy) ?? "Team member") : agentName
              }
              agentAvatar={m.metadata?.createdBy ? null : agentAvatar}
              footer={
                <>
                  <MessageMeta meta={m.metadata} />
                  {annotate?.(m)}
                </>
              }
            >
              <AssistantBody message={m} />
            </AssistantMessageFrame>
          )}
        </li>
      ))}
    </ol>
  );
}
