"use client";

import { DefaultChatTransport } from "ai";
import { type RefObject, useEffect, useRef, useState } from "react";
import { workspacePath } from "@/components/api/types";
import { textOf } from "@/components/chat/messages";
import type { ChatMessage } from "@/components/chat/types";

/**
 * The chat API takes only the new turn (history is read server-side):
 * send → submit, regenerate() → regenerate, and a send carrying
 * `body.editIndex` → edit. The first reply's `x-conversation-id` header tells
 * a new chat the id of the conversation the server started.
 */
export function useChatTransport({
  slug,
  agentId,
  conversationId,
  onConversationId,
}: {
  slug: string;
  agentId: string;
  conversationId: RefObject<string | null>;
  onConversationId: (id: string) => void;
}) {
  const onId = useRef(onConversationId);
  useEffect(() => {
    onId.current = onConversationId;
  });
  const [transport] = useState(
    () =>
      new DefaultChatTransport<ChatMessage>({
        api: workspacePath(slug, "/chat"),
        credentials: "same-origin",
        fetch: async (input, init) => {
          const res = await fetch(input, init);
          const id = res.headers.get("x-conversation-id");
          if (res.ok && id) onId.current(id);
          return res;
        },
        prepareSendMessagesRequest: ({ trigger, messages, body }) => {
          const base = { agentId, conversationId: conversationId.current ?? undefined };
          if (trigger === "regenerate-message") return { body: { ...base, trigger: "regenerate" } };
          const last = messages.at(-1);
          const text = last ? textOf(last) : "";
          const editIndex = typeof body?.editIndex === "number" ? body.editIndex : undefined;
          return {
            body: editIndex
              ? { ...base, trigger: "edit", editIndex, text }
              : { ...base, trigger: "submit", text },
          };
        },
      }),
  );
  return transport;
}
