"use client";

import { useQuery } from "@tanstack/react-query";
import { PlugZap } from "lucide-react";
import { api } from "@/components/api/client";
import { isAdminRole } from "@/components/api/types";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { QueryView, Skeletons } from "@/components/query-view";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { InstanceModels } from "./instance-models";
import { ModelPrices } from "./model-prices";
import { ProviderCard } from "./provider-card";
import { ProviderDialog } from "./provider-dialog";
import { type ProviderConnection, providerKeys, providersPath } from "./types";

export function ProvidersView() {
  const { slug, role } = useCurrentWorkspace();
  const admin = isAdminRole(role);
  const query = useQuery({
    queryKey: providerKeys.all(slug),
    queryFn: async ({ signal }) => {
      const data = await api<{ connections?: ProviderConnection[]; providers?: ProviderConnection[] }>(
        providersPath(slug),
        { signal },
      );
      return data.connections ?? data.providers ?? [];
    },
  });

  return (
    <div className="space-y-8">
      <PageHeader
        title="Model providers"
        description={
          admin
            ? "Connect OpenAI, Anthropic, Google or any OpenAI-compatible server. Keys are stored encrypted and never shown again."
            : "The model providers this workspace uses. Only admins can add or change them."
        }
        actions={admin ? <ProviderDialog /> : undefined}
      />
      <QueryView
        query={query}
        loading={<Skeletons className="h-40 w-full" layout="grid gap-4" />}
        empty={
          query.data?.length === 0 && (
            <EmptyState icon={PlugZap} title="No connections yet">
              {admin
                ? "Add a provider to give agents real models. Until then they use the server's models, if any, or the offline demo model."
                : "Agents use the server's models, if any, or the offline demo model. Ask an admin to add a provider."}
            </EmptyState>
          )
        }
      >
        {(connections) => (
          <ul className="grid gap-4">
            {connections.map((connection) => (
              <li key={connection.id}>
                <ProviderCard connection={connection} admin={admin} />
              </li>
            ))}
          </ul>
        )}
      </QueryView>
      <InstanceModels />
      <ModelPrices slug={slug} admin={admin} />
    </div>
  );
}
