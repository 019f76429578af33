"use client";

import { CircleAlert, KeyRound } from "lucide-react";
import { formatDateTime } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { DetailRow } from "@/components/ui/detail-row";
import { DeleteButton } from "../_components/delete-button";
import { integrationDeletion } from "./integration-deletion";
import { IntegrationDialog } from "./integration-dialog";
import { RefreshToolsButton } from "./refresh-tools-button";
import { ToolGrants } from "./tool-grants";
import { authTypeLabels, type Integration } from "./types";

export function IntegrationCard({ integration }: { integration: Integration }) {
  const { tools } = integration;
  return (
    <Card className="gap-4 p-4" data-testid={`integration-${integration.name}`}>
      <div className="flex min-w-0 flex-wrap items-center gap-2">
        <h2 className="min-w-0 truncate font-semibold">{integration.name}</h2>
        {integration.enabled ? null : <Badge variant="outline">Disabled</Badge>}
        <Badge variant="secondary">{authTypeLabels[integration.authType]}</Badge>
      </div>
      <dl className="grid gap-2 text-sm">
        <DetailRow label="Endpoint">
          <span className="break-all font-mono text-xs">{integration.url}</span>
        </DetailRow>
        {integration.authType !== "none" ? (
          <DetailRow
            label={integration.authType === "header" ? (integration.authHeaderName ?? "Header") : "Token"}
          >
            <span className="inline-flex items-center gap-1.5 font-mono text-xs">
              <KeyRound className="size-3.5 text-muted-foreground" aria-hidden="true" />
              {integration.hasSecret ? (integration.secretHint ?? "Saved") : "Missing"}
            </span>
          </DetailRow>
        ) : null}
        <DetailRow label="Tool names">
          <span className="font-mono text-xs">{integration.slug}__…</span>
        </DetailRow>
        <DetailRow label="Tools">
          {integration.toolsRefreshedAt ? (
            <span className="text-muted-foreground">
              {tools.length} · read {formatDateTime(integration.toolsRefreshedAt)}
            </span>
          ) : (
            <span className="text-muted-foreground">Not read yet</span>
          )}
        </DetailRow>
      </dl>
      {integration.lastError ? (
        <p role="alert" className="flex items-start gap-1.5 break-words text-sm text-destructive">
          <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
          Last refresh failed: {integration.lastError}
        </p>
      ) : null}
      {tools.length ? (
        <ul className="grid gap-2 text-sm">
          {tools.map((t) => (
            <li key={t.name} className="min-w-0 rounded-md border px-3 py-2">
              <p className="break-all font-mono text-xs font-medium">{t.name}</p>
              {t.description ? <p className="line-clamp-3 text-muted-foreground">{t.description}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {tools.length ? <ToolGrants integration={integration} /> : null}
      <div className="flex flex-wrap items-center gap-2 border-t pt-4">
        <RefreshToolsButton id={integration.id} />
        <div className="ml-auto flex gap-1">
          <IntegrationDialog existing={integration} />
          <DeleteButton kind={integrationDeletion} item={integration} />
        </div>
      </div>
    </Card>
  );
}
