"use client";

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
}: {
  messages: ChatMessage[];
  agentName: string;
  agentAvatar?: string | null;
}) {
  return (
    <ol className="grid min-w-0 gap-6">
      {messages.map((m) => (
        <li key={m.id} className="min-w-0">
          {m.role === "user" ? (
            <UserMessageFrame>{textOf(m)}</UserMessageFrame>
          ) : (
            <AssistantMessageFrame
              agentName={agentName}
              agentAvatar={agentAvatar}
              footer={<MessageMeta meta={m.metadata} />}
            >
              <AssistantBody message={m} />
            </AssistantMessageFrame>
          )}
        </li>
      ))}
    </ol>
  );
}
