"use client";

import { MousePointerClick } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { useAgents } from "@/components/chat/queries";
import type { ConversationFilters } from "@/components/chat/query-keys";
import type { AgentSummary } from "@/components/chat/types";
import { useDebouncedValue } from "@/components/chat/use-debounced-value";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { useWorkspaceEvents } from "@/components/realtime/use-workspace-events";
import { cn } from "@/lib/utils";
import { useCurrentWorkspace } from "../_components/workspace-context";
import { ConversationDetail } from "./conversation-detail";
import { emptyFilters, type InboxFilterState, InboxFilters } from "./inbox-filters";
import { InboxList } from "./inbox-list";

/** Every conversation in the workspace: filter, pick one, read it; on phones the list and the detail take turns. */
export function InboxView() {
  const { slug, role } = useCurrentWorkspace();
  const selectedId = useSearchParams().get("c");
  const realtime = useWorkspaceEvents(slug);
  const agents = useAgents(slug);
  const [filters, setFilters] = useState<InboxFilterState>(emptyFilters);
  const q = useDebouncedValue(filters.q.trim());
  const tag = useDebouncedValue(filters.tag.trim());

  const query: ConversationFilters = {
    q: q || undefined,
    tag: tag || undefined,
    agentId: filters.agentId === "all" ? undefined : filters.agentId,
    status: filters.status === "all" ? undefined : filters.status,
    priority: filters.priority === "all" ? undefined : filters.priority,
    channel: filters.channel === "all" ? undefined : filters.channel,
    handledBy: filters.handledBy === "all" ? undefined : filters.handledBy,
  };
  const filtered = Object.values(query).some(Boolean);
  const agentList = agents.data?.agents;
  const byId = useMemo(
    () => new Map((agentList ?? []).map((a): [string, AgentSummary] => [a.id, a])),
    [agentList],
  );
  const names = useMemo(() => new Map([...byId].map(([id, a]) => [id, a.name])), [byId]);

  return (
    <div className="flex flex-col gap-4 lg:h-[calc(100dvh-7.5rem)]">
      {/* On phones a selected conversation takes the whole page, header included; the page keeps its h1. */}
      {selectedId ? <h1 className="sr-only lg:hidden">Inbox</h1> : null}
      <div className={cn("grid gap-4", selectedId && "hidden lg:grid")}>
        <PageHeader
          title="Inbox"
          description="Every conversation in this workspace, most recent first."
          actions={
            realtime === "reconnecting" ? (
              <span role="status" className="text-xs text-muted-foreground">
                Reconnecting…
              </span>
            ) : null
          }
        />
        <InboxFilters value={filters} onChange={setFilters} agents={agentList ?? []} />
      </div>
      <div className="grid min-h-0 flex-1 gap-6 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
        <div className={cn("min-h-0 lg:overflow-y-auto lg:pr-1", selectedId && "hidden lg:block")}>
          <InboxList
            slug={slug}
            filters={query}
            filtered={filtered}
            selectedId={selectedId}
            agentNames={names}
          />
        </div>
        <section
          aria-label="Conversation"
          className={cn(
            "min-h-0 min-w-0 lg:overflow-y-auto lg:rounded-lg lg:border lg:p-4",
            !selectedId && "hidden lg:block",
          )}
        >
          {selectedId ? (
            <ConversationDetail
              key={selectedId}
              slug={slug}
              id={selectedId}
              agents={byId}
              canEdit={role !== "viewer"}
            />
          ) : (
            <EmptyState icon={MousePointerClick} title="Select a conversation">
              Its messages, status and tags show here.
            </EmptyState>
          )}
        </section>
      </div>
    </div>
  );
}
