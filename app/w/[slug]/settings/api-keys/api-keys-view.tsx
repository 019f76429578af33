"use client";

import { useQuery } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useState } from "react";
import { api } from "@/components/api/client";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { QueryView, Skeletons, TableCard } from "@/components/query-view";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { ConnectAssistant, type ConnectConfig } from "./connect-assistant";
import { CreateKeyDialog } from "./create-key-dialog";
import { KeysTable } from "./keys-table";
import { NewSecret } from "./new-secret";
import { type ApiKey, apiKeyKeys, apiKeysPath, type CreatedKey } from "./types";

export function ApiKeysView({ connect }: { connect: ConnectConfig }) {
  const { slug } = useCurrentWorkspace();
  // Held in memory only, never cached or persisted: gone on "I've saved it" or on leaving the page.
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const query = useQuery({
    queryKey: apiKeyKeys.all(slug),
    queryFn: ({ signal }) => api<{ keys: ApiKey[] }>(apiKeysPath(slug), { signal }).then((d) => d.keys),
  });

  return (
    <div className="space-y-8">
      <PageHeader
        title="API keys"
        description="Keys let scripts (the REST API at /api/v1) and AI assistants (MCP) work in this workspace. Each key is limited to the scopes you choose."
        actions={<CreateKeyDialog onCreated={setCreated} />}
      />
      {created ? <NewSecret created={created} onDone={() => setCreated(null)} /> : null}
      <TableCard>
        <QueryView
          query={query}
          padded
          loading={<Skeletons className="h-10 w-full" layout="space-y-3 p-2" />}
          empty={
            query.data?.length === 0 && (
              <EmptyState icon={KeyRound} title="No API keys yet">
                Create one for each script or assistant, so you can revoke them one at a time.
              </EmptyState>
            )
          }
        >
          {(keys) => <KeysTable keys={keys} />}
        </QueryView>
      </TableCard>
      <ConnectAssistant config={connect} secret={created?.secret} />
    </div>
  );
}
