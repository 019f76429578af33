"use client";

import { KeyRound } from "lucide-react";
import { formatDate } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DetailRow } from "@/components/ui/detail-row";
import { DeleteButton } from "../../_components/delete-button";
import { providerDeletion } from "./provider-deletion";
import { ProviderDialog } from "./provider-dialog";
import { TestConnectionButton } from "./test-connection-button";
import { type ProviderConnection, providerLabels } from "./types";

export function ProviderCard({ connection, admin }: { connection: ProviderConnection; admin: boolean }) {
  return (
    <Card className="gap-4 p-4" data-testid={`provider-${connection.name}`}>
      <div className="flex min-w-0 flex-wrap items-center gap-2">
        <h2 className="min-w-0 truncate font-semibold">{connection.name}</h2>
        <Badge variant="secondary">{providerLabels[connection.provider] ?? connection.provider}</Badge>
      </div>
      <dl className="grid gap-2 text-sm">
        {connection.baseUrl ? (
          <DetailRow label="Base URL">
            <span className="break-all font-mono text-xs">{connection.baseUrl}</span>
          </DetailRow>
        ) : null}
        <DetailRow label="Models">
          {connection.models.length ? (
            <span className="flex flex-wrap gap-1">
              {connection.models.map((m) => (
                <Badge key={m} variant="outline" className="max-w-full truncate font-mono">
                  {m}
                </Badge>
              ))}
            </span>
          ) : (
            <span className="text-muted-foreground">Default list</span>
          )}
        </DetailRow>
        <DetailRow label="API key">
          {connection.hasApiKey ? (
            <span className="inline-flex items-center gap-1.5 font-mono text-xs">
              <KeyRound className="size-3.5 text-muted-foreground" aria-hidden="true" />
              {connection.apiKeyHint ?? "Saved"}
            </span>
          ) : (
            <span className="text-muted-foreground">None</span>
          )}
        </DetailRow>
        <DetailRow label="Added">{formatDate(connection.createdAt)}</DetailRow>
      </dl>
      {admin ? (
        <div className="flex flex-wrap items-center gap-2 border-t pt-4">
          <TestConnectionButton id={connection.id} />
          <div className="ml-auto flex gap-1">
            <ProviderDialog existing={connection} />
            <DeleteButton kind={providerDeletion} item={connection} />
          </div>
        </div>
      ) : null}
    </Card>
  );
}
