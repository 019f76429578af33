"use client";

import { useQuery } from "@tanstack/react-query";
import { Bot, Plus } from "lucide-react";
import Link from "next/link";
import { api } from "@/components/api/client";
import { isAdminRole } from "@/components/api/types";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { QueryView, Skeletons } from "@/components/query-view";
import { Button } from "@/components/ui/button";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { AgentCard } from "./agent-card";
import { type Agent, agentHref, agentKeys, agentsPath, canEditAgents } from "./types";
import { useModels } from "./use-models";

export function AgentsView() {
  const { slug, role } = useCurrentWorkspace();
  const canEdit = canEditAgents(role);
  const query = useQuery({
    queryKey: agentKeys.all(slug),
    queryFn: ({ signal }) => api<{ agents: Agent[] }>(agentsPath(slug), { signal }),
  });
  const models = useModels(slug);

  const newAgent = (label: string) => (
    <Button asChild>
      <Link href={agentHref(slug, undefined, "/new")}>
        <Plus aria-hidden="true" />
        {label}
      </Link>
    </Button>
  );

  return (
    <div className="space-y-8">
      <PageHeader
        title="Agents"
        description="AI agents that answer your conversations, each with its own instructions, model and tools."
        actions={canEdit && query.data?.agents.length ? newAgent("New agent") : undefined}
      />
      <QueryView
        query={query}
        loading={<Skeletons className="h-44 w-full" layout="grid gap-4 sm:grid-cols-2" />}
        empty={
          query.data?.agents.length === 0 && (
            <EmptyState icon={Bot} title="No agents yet">
              {canEdit ? (
                <div className="flex flex-col items-center gap-3">
                  <p>Create an agent from a preset (SDR, Copilot, Support) or start from scratch.</p>
                  {newAgent("Create agent")}
                </div>
              ) : (
                <p>A member or admin can create the first agent.</p>
              )}
            </EmptyState>
          )
        }
      >
        {({ agents }) => (
          <ul className="grid gap-4 sm:grid-cols-2">
            {agents.map((agent) => (
              <li key={agent.id} className="grid">
                <AgentCard
                  agent={agent}
                  slug={slug}
                  models={models.data}
                  canEdit={canEdit}
                  canDelete={isAdminRole(role)}
                />
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </div>
  );
}
