"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Bot } from "lucide-react";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "@/components/api/client";
import { conversationTitle } from "@/components/chat/conversation-mutations";
import { useAgent, useConversation } from "@/components/chat/queries";
import { chatHref, chatKeys } from "@/components/chat/query-keys";
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

// The page fills the shell's main area below its header (3.5rem) and padding (py-6, md:py-8).
const FRAME =
  "-mx-4 -my-6 flex h-[calc(100dvh-3.5rem)] min-h-0 overflow-hidden bg-background md:mx-0 md:my-0 md:h-[calc(100dvh-7.5rem)] md:rounded-lg md:border";

export function ChatView({ agentId }: { agentId: string }) {
  const { slug, role } = useCurrentWorkspace();
  const router = useRouter();
  const queryClient = useQueryClient();
  const urlId = useSearchParams().get("c");
  const agent = useAgent(slug, agentId);
  const realtime = useWorkspaceEvents(slug);
  const [sheetOpen, setSheetOpen] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const sheetSearchRef = useRef<HTMLInputElement>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const searchOnOpen = useRef(false);
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

  // Cmd/Ctrl+K: search conversations (in the sheet on narrow screens).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        if (window.matchMedia("(min-width: 1024px)").matches) searchRef.current?.focus();
        else {
          searchOnOpen.current = true;
          setSheetOpen(true);
        }
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

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
    return agent.error instanceof ApiError && agent.error.status === 404 ? (
      <EmptyState icon={Bot} title="Agent not found">
        It may have been deleted.{" "}
        <Link href={`/w/${slug}/agents`} className="underline underline-offset-2">
          See all agents
        </Link>
      </EmptyState>
    ) : (
      <QueryError error={agent.error} onRetry={() => agent.refetch()} />
    );
  }

  const canStart = role !== "viewer";
  const sidebar = (ref: typeof searchRef, onNavigate?: () => void) => (
    <ConversationSidebar
      agentId={agentId}
      activeId={session.urlId}
      searchRef={ref}
      onNewChat={canStart ? newChat : undefined}
      onNavigate={onNavigate}
      onDeleted={onDeleted}
    />
  );

  return (
    <div className={FRAME}>
      <aside className="hidden w-64 shrink-0 border-r lg:block">{sidebar(searchRef)}</aside>
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
          onSheetAutoFocus={(e) => {
            // Opened with Cmd/Ctrl+K: straight to the search box (a tap leaves the keyboard closed).
            if (!searchOnOpen.current) return;
            searchOnOpen.current = false;
            e.preventDefault();
            sheetSearchRef.current?.focus();
          }}
          sidebar={sidebar(sheetSearchRef, () => setSheetOpen(false))}
          onNewChat={canStart ? newChat : undefined}
        />
        <ChatPanel
          key={session.key}
          slug={slug}
          agent={agent.data.agent}
          conversationId={session.initialId}
          onConversationStarted={onConversationStarted}
          onNewChat={canStart ? newChat : undefined}
          composerRef={composerRef}
        />
      </section>
    </div>
  );
}
