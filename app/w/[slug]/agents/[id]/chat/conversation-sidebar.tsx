"use client";

import { MessagesSquare, Plus } from "lucide-react";
import { useState } from "react";
import { isAdminRole } from "@/components/api/types";
import { useConversationList } from "@/components/chat/queries";
import { useDebouncedValue } from "@/components/chat/use-debounced-value";
import { QueryError } from "@/components/query-error";
import { Button } from "@/components/ui/button";
import { SearchInput } from "@/components/ui/search-input";
import { Skeleton } from "@/components/ui/skeleton";
import { useCurrentWorkspace } from "../../../_components/workspace-context";
import { ConversationRow } from "./conversation-row";

/** This agent's conversations: search, open, rename, delete, and "New chat". */
export function ConversationSidebar({
  agentId,
  activeId,
  onNewChat,
  onNavigate,
  onDeleted,
}: {
  agentId: string;
  activeId: string | null;
  onNewChat?: () => void;
  onNavigate?: () => void;
  onDeleted: (id: string) => void;
}) {
  const { slug, role } = useCurrentWorkspace();
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim());
  const list = useConversationList(slug, { agentId, q: q || undefined });
  const conversations = list.data?.pages.flatMap((p) => p.conversations) ?? [];

  return (
    <div className="flex h-full min-h-0 flex-col">
      <div className="grid gap-2 border-b p-3">
        {onNewChat ? (
          <Button onClick={onNewChat} className="w-full">
            <Plus aria-hidden="true" />
            New chat
          </Button>
        ) : null}
        <SearchInput
          aria-label="Search conversations"
          placeholder="Search…"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <nav aria-label="Conversations" className="min-h-0 flex-1 overflow-y-auto p-2">
        {list.isPending ? (
          <div className="grid gap-2 p-1" aria-busy="true">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} className="h-10 w-full" />
            ))}
          </div>
        ) : list.isError && conversations.length === 0 ? (
          <QueryError error={list.error} onRetry={() => list.refetch()} />
        ) : conversations.length === 0 ? (
          <p className="flex flex-col items-center gap-2 px-2 py-8 text-center text-sm text-muted-foreground">
            <MessagesSquare className="size-5" aria-hidden="true" />
            {q ? "No conversations match." : "No conversations yet."}
          </p>
        ) : (
          <ul className="grid gap-0.5">
            {conversations.map((c) => (
              <ConversationRow
                key={c.id}
                slug={slug}
                agentId={agentId}
                conversation={c}
                active={c.id === activeId}
                canRename={role !== "viewer"}
                canDelete={isAdminRole(role)}
                onNavigate={onNavigate}
                onDeleted={onDeleted}
              />
            ))}
          </ul>
        )}
        {list.hasNextPage ? (
          <Button
            variant="ghost"
            size="sm"
            className="mt-2 w-full"
            loading={list.isFetchingNextPage}
            onClick={() => list.fetchNextPage()}
          >
            Load more
          </Button>
        ) : null}
      </nav>
    </div>
  );
}
