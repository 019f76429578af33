"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { api, errorMessage } from "@/components/api/client";
import { QueryError } from "@/components/query-error";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useCurrentWorkspace } from "../_components/workspace-context";
import { Checkbox } from "../agents/_components/checkbox";
import { type Agent, agentKeys, agentsPath } from "../agents/_components/types";
import {
  type AgentToolGrant,
  type Integration,
  type IntegrationGrantsBody,
  integrationKeys,
  integrationPath,
} from "./types";

type Draft = Record<string, string[]>;

const toDraft = (grants: AgentToolGrant[]): Draft =>
  Object.fromEntries(grants.map((g) => [g.agentId, g.tools]));

/** Checkboxes per agent and tool; saving replaces this integration's grants in one request. */
export function ToolGrants({ integration }: { integration: Integration }) {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft | null>(null);
  const agents = useQuery({
    queryKey: agentKeys.all(slug),
    queryFn: async ({ signal }) => (await api<{ agents: Agent[] }>(agentsPath(slug), { signal })).agents,
  });
  const grants = useQuery({
    queryKey: integrationKeys.grants(slug, integration.id),
    queryFn: async ({ signal }) =>
      (await api<{ grants: AgentToolGrant[] }>(integrationPath(slug, integration.id, "/grants"), { signal }))
        .grants,
  });
  const save = useMutation({
    mutationFn: (next: Draft) =>
      api<{ grants: AgentToolGrant[] }>(integrationPath(slug, integration.id, "/grants"), {
        method: "PUT",
        body: {
          grants: Object.entries(next)
            .filter(([, tools]) => tools.length > 0)
            .map(([agentId, tools]) => ({ agentId, tools })),
        } satisfies IntegrationGrantsBody,
      }),
    onSuccess: (data) => {
      queryClient.setQueryData(integrationKeys.grants(slug, integration.id), data.grants);
      setDraft(null);
      toast.success(`Saved agent access to ${integration.name}.`);
    },
    onError: (error) => toast.error(errorMessage(error)),
  });

  const current = draft ?? toDraft(grants.data ?? []);
  const granted = Object.values(toDraft(grants.data ?? [])).filter((t) => t.length > 0).length;
  const toggle = (agentId: string, tool: string, on: boolean) => {
    const tools = new Set(current[agentId] ?? []);
    if (on) tools.add(tool);
    else tools.delete(tool);
    setDraft({ ...current, [agentId]: [...tools] });
  };

  return (
    <details className="group rounded-md border">
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium">
        Agent access{" "}
        <span className="font-normal text-muted-foreground">
          ({granted} {granted === 1 ? "agent" : "agents"})
        </span>
      </summary>
      <div className="grid gap-4 border-t p-3">
        {agents.isPending || grants.isPending ? (
          <Skeleton className="h-20 w-full" />
        ) : agents.isError || grants.isError ? (
          <QueryError
            error={agents.error ?? grants.error}
            onRetry={() => void agents.refetch().then(() => grants.refetch())}
          />
        ) : agents.data.length === 0 ? (
          <p className="text-sm text-muted-foreground">No agents yet. Create one to grant it these tools.</p>
        ) : (
          agents.data.map((agent) => (
            <fieldset key={agent.id} className="grid min-w-0 gap-2">
              <legend className="mb-1 truncate text-sm font-medium">{agent.name}</legend>
              {integration.tools.map((tool) => {
                const id = `grant-${integration.id}-${agent.id}-${tool.name}`;
                return (
                  <div key={tool.name} className="flex min-w-0 items-center gap-2">
                    <Checkbox
                      id={id}
                      checked={(current[agent.id] ?? []).includes(tool.name)}
                      onCheckedChange={(v) => toggle(agent.id, tool.name, v === true)}
                    />
                    <label htmlFor={id} className="min-w-0 break-all font-mono text-xs">
                      {tool.name}
                    </label>
                  </div>
                );
              })}
            </fieldset>
          ))
        )}
        <div className="flex flex-wrap gap-2">
          <Button
            size="sm"
            disabled={!draft}
            loading={save.isPending}
            onClick={() => draft && save.mutate(draft)}
          >
            Save access
          </Button>
          {draft ? (
            <Button size="sm" variant="ghost" disabled={save.isPending} onClick={() => setDraft(null)}>
              Discard
            </Button>
          ) : null}
        </div>
      </div>
    </details>
  );
}
