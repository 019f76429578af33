"use client";

import { useChat } from "@ai-sdk/react";
import { useQueryClient } from "@tanstack/react-query";
import { type RefObject, useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { ApiError, api, errorMessage } from "@/components/api/client";
import { textOf } from "@/components/chat/messages";
import { OfflineBanner } from "@/components/chat/offline-banner";
import { chatKeys, conversationPath, conversationsPath } from "@/components/chat/query-keys";
import { type AgentSummary, type ChatMessage, OFFLINE_MODEL_ID } from "@/components/chat/types";
import { useStickToBottom } from "@/components/chat/use-stick-to-bottom";
import { useCurrentWorkspace } from "../../../_components/workspace-context";
import { Composer } from "./composer";
import { EarlierMessages } from "./earlier-messages";
import { EmptyChat } from "./empty-chat";
import { MessageList } from "./message-list";
import { useChatTransport } from "./use-chat-transport";
import { useServerSync } from "./use-server-sync";

/** One conversation's live chat: useChat over the chat API, kept in step with the stored messages. */
export function ChatSession({
  agent,
  initialConversationId,
  initialMessages,
  initialHasMore,
  onConversationStarted,
  canRewrite,
  composerRef,
}: {
  agent: AgentSummary;
  initialConversationId: string | null;
  initialMessages: ChatMessage[];
  initialHasMore: boolean;
  onConversationStarted: (id: string) => void;
  canRewrite: boolean;
  composerRef: RefObject<HTMLTextAreaElement | null>;
}) {
  const { slug, role } = useCurrentWorkspace();
  const canSend = role !== "viewer";
  const queryClient = useQueryClient();
  const [conversationId, setConversationId] = useState(initialConversationId);
  const conversationRef = useRef(conversationId);
  const sentAt = useRef(0);
  const { scrollRef, contentRef, scrollToBottom } = useStickToBottom<HTMLDivElement, HTMLDivElement>();

  const adopt = useCallback(
    (id: string) => {
      if (conversationRef.current) return;
      conversationRef.current = id;
      setConversationId(id);
      onConversationStarted(id);
    },
    [onConversationStarted],
  );

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: chatKeys.conversations(slug) });
    const id = conversationRef.current;
    // The conversation's prefix: its messages and its detail (a new chat gets its title after the first turn).
    if (id) void queryClient.invalidateQueries({ queryKey: chatKeys.conversation(slug, id) });
  };

  const transport = useChatTransport({
    slug,
    agentId: agent.id,
    conversationId: conversationRef,
    onConversationId: adopt,
  });
  const { messages, status, error, setMessages, sendMessage, regenerate, stop } = useChat<ChatMessage>({
    messages: initialMessages,
    transport,
    experimental_throttle: 40,
    onFinish: ({ message }) => {
      const id = message.metadata?.conversationId;
      if (id) adopt(id);
      refresh();
    },
    onError: refresh,
  });
  const [starting, setStarting] = useState(false);
  const busy = starting || status === "submitted" || status === "streaming";
  const stored = useServerSync({ slug, conversationId, status, messages, setMessages, sentAt });
  const deleted = stored.error instanceof ApiError && stored.error.status === 404;

  // Leaving the conversation ends the stream here (the server still finishes and stores the reply).
  useEffect(() => () => void stop(), [stop]);

  // Stop ends the stream here and the generation on the server, which keeps the text so far.
  const stopReply = useCallback(() => {
    void stop();
    const id = conversationRef.current;
    if (!id) return;
    api(conversationPath(slug, id, "/stop"), { method: "POST", body: {} }).then(
      () => void queryClient.invalidateQueries({ queryKey: chatKeys.messages(slug, id) }),
      (e) => toast.error(errorMessage(e)),
    );
  }, [stop, slug, queryClient]);

  // Esc stops the reply, wherever the focus is (dialogs handle their own Esc first).
  useEffect(() => {
    if (!busy) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented) stopReply();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [busy, stopReply]);

  // A new chat's conversation is created before its first turn, so even a turn that fails
  // outright (an error response, no stream) belongs to a conversation this page knows.
  const ensureConversation = async (): Promise<boolean> => {
    if (conversationRef.current) return true;
    setStarting(true);
    try {
      const { conversation } = await api<{ conversation: { id: string } }>(conversationsPath(slug), {
        method: "POST",
        body: { agentId: agent.id },
      });
      adopt(conversation.id);
      return true;
    } catch (e) {
      toast.error(errorMessage(e));
      return false;
    } finally {
      setStarting(false);
    }
  };

  const beforeRequest = () => {
    sentAt.current = Date.now();
    // A re-read already under way would answer without the turn being sent.
    const id = conversationRef.current;
    if (id) void queryClient.cancelQueries({ queryKey: chatKeys.messages(slug, id) });
    scrollToBottom();
  };
  const handlers = {
    onEdit: (message: ChatMessage, index: number, text: string) => {
      beforeRequest();
      void sendMessage({ text, messageId: message.id }, { body: { editIndex: index } });
    },
    onRegenerate: () => {
      beforeRequest();
      void regenerate();
    },
    onRetry: () => {
      const last = messages.at(-1);
      beforeRequest();
      // A message the server never stored is sent again; otherwise the stored turn is answered again.
      if (last?.role === "user" && last.metadata?.index === undefined) {
        void sendMessage({ text: textOf(last), messageId: last.id });
      } else {
        void regenerate();
      }
    },
  };

  const send = async (text: string): Promise<boolean> => {
    if (!(await ensureConversation())) return false;
    beforeRequest();
    void sendMessage({ text });
    return true;
  };

  const lastReply = messages.findLast((m) => m.role === "assistant");
  const offline =
    (agent.model === null && !agent.externalEndpointUrl) ||
    lastReply?.metadata?.offline === true ||
    lastReply?.metadata?.model === OFFLINE_MODEL_ID;

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      {offline ? <OfflineBanner slug={slug} /> : null}
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto overscroll-contain">
        <div ref={contentRef} className="mx-auto grid w-full max-w-3xl gap-6 px-3 py-6 sm:px-4">
          {conversationId ? (
            <EarlierMessages
              slug={slug}
              conversationId={conversationId}
              initialHasMore={initialHasMore}
              messages={messages}
              setMessages={setMessages}
              scrollRef={scrollRef}
            />
          ) : null}
          {messages.length === 0 && !busy ? (
            <EmptyChat
              agent={agent}
              editHref={canSend ? `/w/${slug}/agents/${agent.id}/edit` : undefined}
              onSuggestion={canSend && !deleted ? (text) => void send(text) : undefined}
            />
          ) : null}
          <MessageList
            messages={messages}
            agent={agent}
            status={status}
            error={error}
            canSend={canSend}
            canRewrite={canRewrite}
            handlers={handlers}
          />
        </div>
      </div>
      <Composer
        agentName={agent.name}
        busy={busy}
        readOnlyNote={
          deleted
            ? "This conversation was deleted. Start a new chat to continue."
            : canSend
              ? undefined
              : "You have view-only access: viewers can read chats but not send."
        }
        inputRef={composerRef}
        onStop={stopReply}
        onSend={send}
      />
    </div>
  );
}
