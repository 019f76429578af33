"use client";

import { History, MessageSquare, Pencil, SlidersHorizontal } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import { isAdminRole } from "@/components/api/types";
import { formatDateTime, formatRelative } from "@/components/format";
import { QueryError } from "@/components/query-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { SectionCard } from "@/components/ui/card";
import { DetailRow } from "@/components/ui/detail-row";
import { LinkButton } from "@/components/ui/link-button";
import { agentPresets } from "@/lib/agents/presets";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { AgentAvatar } from "./agent-avatar";
import { AgentModelLabel } from "./agent-model-label";
import { AgentPageSkeleton } from "./agent-page-skeleton";
import { DeleteAgentButton } from "./delete-agent-button";
import { toolLabel } from "./tool-catalog";
import { agentHref, canEditAgents } from "./types";
import { useAgent } from "./use-agent";
import { useModels } from "./use-models";

/** The configuration's rows: a wider label column, spaced between dividers. */
function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DetailRow label={label} className="gap-1 py-2.5 sm:grid-cols-[10rem_1fr] sm:gap-4">
      {children}
    </DetailRow>
  );
}

export function AgentDetailView({ id }: { id: string }) {
  const { slug, role } = useCurrentWorkspace();
  const router = useRouter();
  const query = useAgent(slug, id);
  const models = useModels(slug);

  if (query.isPending) return <AgentPageSkeleton />;
  if (query.isError) return <QueryError error={query.error} onRetry={() => query.refetch()} />;
  const agent = query.data;
  const admin = isAdminRole(role);

  return (
    <div className="space-y-8">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="flex min-w-0 items-start gap-3">
          <AgentAvatar name={agent.name} avatar={agent.avatar} className="size-12" />
          <div className="min-w-0 space-y-1">
            <h1 className="truncate text-2xl font-semibold tracking-tight">{agent.name}</h1>
            <div className="flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
              <Badge variant="secondary">{agentPresets[agent.type]?.label ?? agent.type}</Badge>
              <span>Version {agent.version}</span>
              <span title={formatDateTime(agent.updatedAt)}>updated {formatRelative(agent.updatedAt)}</span>
            </div>
          </div>
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          <LinkButton href={agentHref(slug, id, "/chat")} size="sm" icon={MessageSquare}>
            Chat
          </LinkButton>
          <Button asChild size="sm" variant="outline">
            <Link href={agentHref(slug, id, "/edit")}>
              {canEditAgents(role) ? <Pencil aria-hidden="true" /> : <SlidersHorizontal aria-hidden="true" />}
              {canEditAgents(role) ? "Edit" : "Configuration"}
            </Link>
          </Button>
          <LinkButton href={agentHref(slug, id, "/versions")} size="sm" variant="outline" icon={History}>
            Versions
          </LinkButton>
          {admin ? <DeleteAgentButton agent={agent} onDeleted={() => router.push(agentHref(slug))} /> : null}
        </div>
      </div>
      {agent.description ? <p className="break-words text-muted-foreground">{agent.description}</p> : null}

      <SectionCard title="Configuration">
        <dl className="divide-y text-sm">
          <Row label="Model">
            <AgentModelLabel agent={agent} options={models.data} slug={slug} canAddProvider={admin} />
          </Row>
          <Row label="Temperature">{agent.temperature}</Row>
          <Row label="Max steps">{agent.maxSteps}</Row>
          <Row label="Tools">
            {agent.tools.length ? (
              <span className="flex flex-wrap gap-1.5">
                {agent.tools.map((t) => (
                  <Badge key={t} variant="outline">
                    {toolLabel(t)}
                  </Badge>
                ))}
              </span>
            ) : (
              "None"
            )}
          </Row>
          <Row label="Knowledge (RAG)">{agent.ragEnabled ? `On, top ${agent.ragTopK}` : "Off"}</Row>
          <Row label="External endpoint">
            {agent.externalEndpointUrl ? (
              <span className="break-all font-mono text-xs">
                {agent.externalEndpointUrl} ({agent.externalTimeoutMs.toLocaleString()} ms)
              </span>
            ) : (
              "None: replies come from the model"
            )}
          </Row>
        </dl>
      </SectionCard>

      <SectionCard title="Instructions">
        {agent.instructions ? (
          <p className="max-h-96 overflow-y-auto whitespace-pre-wrap break-words rounded-md bg-muted/50 p-3 text-sm">
            {agent.instructions}
          </p>
        ) : (
          <p className="text-sm text-muted-foreground">No instructions: the model's defaults apply.</p>
        )}
      </SectionCard>
    </div>
  );
}
