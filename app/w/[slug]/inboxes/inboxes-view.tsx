"use client";

import { useQuery } from "@tanstack/react-query";
import { Radio } from "lucide-react";
import { useState } from "react";
import { api } from "@/components/api/client";
import { isAdminRole } from "@/components/api/types";
import { useAgents } from "@/components/chat/queries";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { QueryView, Skeletons } from "@/components/query-view";
import { useCurrentWorkspace } from "../_components/workspace-context";
import { InboxCard } from "./inbox-card";
import { InboxDialog } from "./inbox-dialog";
import { type Inbox, inboxesPath, inboxKeys } from "./types";
import { WebhookReveal } from "./webhook-reveal";

export function InboxesView() {
  const { slug, role } = useCurrentWorkspace();
  const isAdmin = isAdminRole(role);
  const agents = useAgents(slug).data?.agents ?? [];
  const names = new Map(agents.map((a) => [a.id, a.name]));
  const [revealed, setRevealed] = useState<{ inbox: Inbox; url: string } | null>(null);
  const query = useQuery({
    queryKey: inboxKeys.all(slug),
    queryFn: async ({ signal }) => (await api<{ inboxes: Inbox[] }>(inboxesPath(slug), { signal })).inboxes,
  });

  return (
    <div className="space-y-8">
      <PageHeader
        title="Channels"
        description="Where customers reach your agents: Chatwoot, WhatsApp, a widget on your site, or the API. Each channel has its agent; people can take over any conversation from the Inbox."
        actions={isAdmin ? <InboxDialog onWebhook={setRevealed} /> : null}
      />
      {revealed ? (
        <WebhookReveal name={revealed.inbox.name} url={revealed.url} onDone={() => setRevealed(null)} />
      ) : null}
      <QueryView
        query={query}
        loading={<Skeletons className="h-40 w-full" layout="grid gap-4" />}
        empty={
          query.data?.length === 0 && (
            <EmptyState icon={Radio} title="No channels yet">
              Add one to answer customers where they are.
            </EmptyState>
          )
        }
      >
        {(inboxes) => (
          <ul className="grid gap-4">
            {inboxes.map((inbox) => (
              <li key={inbox.id}>
                <InboxCard
                  inbox={inbox}
                  agentName={inbox.agentId ? names.get(inbox.agentId) : undefined}
                  isAdmin={isAdmin}
                  onWebhook={setRevealed}
                />
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </div>
  );
}
