"use client";

import { useQuery } from "@tanstack/react-query";
import { Blocks } from "lucide-react";
import { api } from "@/components/api/client";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { Skeleton } from "@/components/ui/skeleton";
import { useCurrentWorkspace } from "../_components/workspace-context";
import { IntegrationCard } from "./integration-card";
import { IntegrationDialog } from "./integration-dialog";
import { type Integration, integrationKeys, integrationsPath } from "./types";

export function IntegrationsView() {
  const { slug } = useCurrentWorkspace();
  const query = useQuery({
    queryKey: integrationKeys.all(slug),
    queryFn: async ({ signal }) =>
      (await api<{ integrations: Integration[] }>(integrationsPath(slug), { signal })).integrations,
  });

  return (
    <div className="space-y-8">
      <PageHeader
        title="Integrations"
        description="Connect remote MCP servers and choose which of their tools each agent may use. Tokens are stored encrypted, sent only by the server, and never shown again."
        actions={<IntegrationDialog />}
      />
      {query.isPending ? (
        <div className="grid gap-4" aria-busy="true">
          <Skeleton className="h-48 w-full" />
          <Skeleton className="h-48 w-full" />
        </div>
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => query.refetch()} />
      ) : query.data.length === 0 ? (
        <EmptyState icon={Blocks} title="No integrations yet">
          Add an MCP server (Streamable HTTP) to give agents its tools, such as order lookups or ticket
          search.
        </EmptyState>
      ) : (
        <ul className="grid gap-4">
          {query.data.map((integration) => (
            <li key={integration.id}>
              <IntegrationCard integration={integration} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
