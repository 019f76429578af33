"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Bot } from "lucide-react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useRef, useState } from "react";
import { ApiError } from "@/components/api/client";
import { conversationTitle } from "@/components/chat/conversation-mutations";
import { useAgent, useConversation } from "@/components/chat/queries";
import { chatHref, chatKeys } from "@/components/chat/query-keys";
import { canRewriteConversation } from "@/components/chat/rewrite-permission";
import { EmptyState } from "@/components/empty-state";
import { QueryError } from "@/components/query-error";
import { useWorkspaceEvents } from "@/components/realtime/use-workspace-events";
import { Skeleton } from "@/components/ui/skeleton";
import { useCurrentWorkspace } from "../../../_components/workspace-context";
import { ChatHeader } from "./chat-header";
import { ChatPanel } from "./chat-panel";
import { ConversationSidebar } from "./conversation-sidebar";

interface Session {
  /** Remounts the chat when it changes. */
  key: string;
  /** The `?c=` this session matches. */
  urlId: string | null;
  /** The conversation it opened with (null: a new chat, whose id arrives with the first reply). */
  initialId: string | null;
}

const freshKey = () => `new-${Date.now()}-${Math.random().toString(36).slice(2)}`;

// The shell gives the chat all the space below its top bar (which holds the chat's header).
const FRAME = "flex min-h-0 flex-1 overflow-hidden bg-background";

export function ChatView({ agentId }: { agentId: string }) {
  const { slug, role, userId } = useCurrentWorkspace();
  const router = useRouter();
  const queryClient = useQueryClient();
  const urlId = useSearchParams().get("c");
  const agent = useAgent(slug, agentId);
  const realtime = useWorkspaceEvents(slug);
  const [sheetOpen, setSheetOpen] = useState(false);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  // The id a new chat learned from its first reply: the URL catching up to it is not a navigation.
  const adopted = useRef<string | null>(null);

  const [session, setSession] = useState<Session>(() => ({
    key: urlId ?? freshKey(),
    urlId,
    initialId: urlId,
  }));
  if (urlId !== session.urlId) {
    setSession(
      urlId !== null && urlId === adopted.current
        ? { ...session, urlId }
        : { key: urlId ?? freshKey(), urlId, initialId: urlId },
    );
  }
  const conversation = useConversation(slug, session.urlId);

  const onConversationStarted = useCallback(
    (id: string) => {
      adopted.current = id;
      window.history.replaceState(null, "", chatHref(slug, agentId, id));
      void queryClient.invalidateQueries({ queryKey: chatKeys.conversations(slug) });
    },
    [slug, agentId, queryClient],
  );

  const newChat = useCallback(() => {
    adopted.current = null;
    setSheetOpen(false);
    if (urlId) router.push(chatHref(slug, agentId));
    else setSession({ key: freshKey(), urlId: null, initialId: null });
    requestAnimationFrame(() => composerRef.current?.focus());
  }, [urlId, router, slug, agentId]);

  const onDeleted = useCallback(
    (id: string) => {
      if (id === session.urlId) newChat();
    },
    [session.urlId, newChat],
  );

  if (agent.isPending) {
    return (
      <div className={FRAME} aria-busy="true">
        <div className="grid w-full content-start gap-4 p-4">
          <Skeleton className="h-10 w-48" />
          <Skeleton className="h-24 w-full" />
        </div>
      </div>
    );
  }
  if (agent.isError) {
    return (
      <div className="mx-auto w-full max-w-5xl px-4 py-6 md:px-8 md:py-8">
        {agent.error instanceof ApiError && agent.error.status === 404 ? (
          <EmptyState icon={Bot} title="Agent not found">
            It may have been deleted.{" "}
            <Link href={`/w/${slug}/agents`} className="underline underline-offset-2">
              See all agents
            </Link>
          </EmptyState>
        ) : (
          <QueryError error={agent.error} onRetry={() => agent.refetch()} />
        )}
      </div>
    );
  }

  const canStart = role !== "viewer";
  // Edit and regenerate as the server allows them: a chat this session started is the viewer's
  // own; an opened one is theirs when they started it (hidden until that is known).
  const startedBy = session.initialId === null ? userId : (conversation.data?.conversation.createdBy ?? null);
  const canRewrite = canRewriteConversation({ role, userId }, startedBy);
  const sidebar = (onNavigate?: () => void) => (
    <ConversationSidebar
      agentId={agentId}
      activeId={session.urlId}
      onNewChat={canStart ? newChat : undefined}
      onNavigate={onNavigate}
      onDeleted={onDeleted}
    />
  );

  return (
    <div className={FRAME}>
      <aside className="hidden w-64 shrink-0 border-r lg:block">{sidebar()}</aside>
      <section aria-label={`Chat with ${agent.data.agent.name}`} className="flex min-w-0 flex-1 flex-col">
        <ChatHeader
          agent={agent.data.agent}
          title={
            session.urlId && conversation.data
              ? conversationTitle(conversation.data.conversation)
              : session.urlId
                ? "\u00a0"
                : "New conversation"
          }
          realtime={realtime}
          sheetOpen={sheetOpen}
          onSheetOpenChange={setSheetOpen}
          sidebar={sidebar(() => setSheetOpen(false))}
          onNewChat={canStart ? newChat : undefined}
        />
        <ChatPanel
          key={session.key}
          slug={slug}
          agent={agent.data.agent}
          conversationId={session.initialId}
          onConversationStarted={onConversationStarted}
          onNewChat={canStart ? newChat : undefined}
          canRewrite={canRewrite}
          composerRef={composerRef}
        />
      </section>
    </div>
  );
}
