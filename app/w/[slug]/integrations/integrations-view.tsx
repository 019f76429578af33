"use client";

import { useQuery } from "@tanstack/react-query";
import { Blocks } from "lucide-react";
import { api } from "@/components/api/client";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { QueryView, Skeletons } from "@/components/query-view";
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
      <QueryView
        query={query}
        loading={<Skeletons className="h-48 w-full" layout="grid gap-4" />}
        empty={
          query.data?.length === 0 && (
            <EmptyState icon={Blocks} title="No integrations yet">
              Add an MCP server (Streamable HTTP) to give agents its tools, such as order lookups or ticket
              search.
            </EmptyState>
          )
        }
      >
        {(integrations) => (
          <ul className="grid gap-4">
            {integrations.map((integration) => (
              <li key={integration.id}>
                <IntegrationCard integration={integration} />
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </div>
  );
}
