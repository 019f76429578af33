"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import { api } from "@/components/api/client";
import { type MembersResponse, queryKeys, workspacePath } from "@/components/api/types";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { LinkButton } from "@/components/ui/link-button";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { AgentPageSkeleton } from "./agent-page-skeleton";
import { type AgentVersion, agentHref, agentKeys, agentPath } from "./types";
import { useAgent } from "./use-agent";
import { VersionCard } from "./version-card";

export function AgentVersionsView({ id }: { id: string }) {
  const { slug } = useCurrentWorkspace();
  const agent = useAgent(slug, id);
  const versions = useQuery({
    queryKey: agentKeys.versions(slug, id),
    queryFn: ({ signal }) => api<{ versions: AgentVersion[] }>(agentPath(slug, id, "/versions"), { signal }),
    select: (data) => [...data.versions].sort((a, b) => b.version - a.version),
  });
  // Names for "by ..." (people who left the workspace just show no author).
  const members = useQuery({
    queryKey: queryKeys.members(slug),
    queryFn: ({ signal }) => api<MembersResponse>(workspacePath(slug, "/members"), { signal }),
  });
  const authorOf = (userId: string | null) => {
    const m = userId ? members.data?.members.find((x) => x.userId === userId) : undefined;
    return m ? m.displayName || m.email : null;
  };

  if (versions.isPending) return <AgentPageSkeleton />;
  if (versions.isError) return <QueryError error={versions.error} onRetry={() => versions.refetch()} />;
  const list = versions.data;

  return (
    <div className="space-y-8">
      <PageHeader
        title={agent.data ? `${agent.data.name}: versions` : "Versions"}
        description="Every saved change to the configuration is a new version. Conversations record the version that answered."
        actions={
          <LinkButton href={agentHref(slug, id)} variant="outline" size="sm" icon={ArrowLeft}>
            Back to agent
          </LinkButton>
        }
      />
      <ol className="grid gap-4">
        {list.map((v, i) => (
          <li key={v.version}>
            <VersionCard
              version={v}
              previous={list[i + 1]}
              current={i === 0}
              author={authorOf(v.createdBy)}
            />
          </li>
        ))}
      </ol>
    </div>
  );
}
