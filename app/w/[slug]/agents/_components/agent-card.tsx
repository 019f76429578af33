"use client";

import { MessageSquare, Pencil, Wrench } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { LinkButton } from "@/components/ui/link-button";
import { agentPresets } from "@/lib/agents/presets";
import { AgentAvatar } from "./agent-avatar";
import { AgentModelLabel } from "./agent-model-label";
import { DeleteAgentButton } from "./delete-agent-button";
import { type Agent, agentHref } from "./types";
import type { ModelOption } from "./use-models";

export function AgentCard({
  agent,
  slug,
  models,
  canEdit,
  canDelete,
}: {
  agent: Agent;
  slug: string;
  models: ModelOption[] | undefined;
  canEdit: boolean;
  canDelete: boolean;
}) {
  const tools = agent.tools.length;
  return (
    <Card className="gap-4 p-4" data-testid={`agent-${agent.name}`}>
      <div className="flex min-w-0 items-start gap-3">
        <AgentAvatar name={agent.name} avatar={agent.avatar} />
        <div className="min-w-0 flex-1 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <Link
              href={agentHref(slug, agent.id)}
              className="min-w-0 truncate font-semibold hover:underline"
              title={agent.name}
            >
              {agent.name}
            </Link>
            <Badge variant="secondary">{agentPresets[agent.type]?.label ?? agent.type}</Badge>
          </div>
          {agent.description ? (
            <p className="line-clamp-2 break-words text-sm text-muted-foreground">{agent.description}</p>
          ) : null}
        </div>
      </div>
      <dl className="grid gap-1 text-sm text-muted-foreground">
        <div className="flex min-w-0 gap-1">
          <dt className="sr-only">Model</dt>
          <dd className="min-w-0">
            <AgentModelLabel agent={agent} options={models} slug={slug} canAddProvider={canDelete} />
          </dd>
        </div>
        <div className="flex flex-wrap gap-x-3">
          <dt className="sr-only">Tools</dt>
          <dd className="inline-flex items-center gap-1">
            <Wrench className="size-3.5" aria-hidden="true" />
            {tools === 1 ? "1 tool" : `${tools} tools`}
          </dd>
          <dt className="sr-only">Version</dt>
          <dd>Version {agent.version}</dd>
        </div>
      </dl>
      <div className="mt-auto flex items-center gap-2">
        <LinkButton href={agentHref(slug, agent.id, "/chat")} size="sm" icon={MessageSquare}>
          Chat
        </LinkButton>
        {canEdit ? (
          <LinkButton href={agentHref(slug, agent.id, "/edit")} size="sm" variant="outline" icon={Pencil}>
            Edit
          </LinkButton>
        ) : null}
        {canDelete ? (
          <div className="ml-auto">
            <DeleteAgentButton agent={agent} compact />
          </div>
        ) : null}
      </div>
    </Card>
  );
}
