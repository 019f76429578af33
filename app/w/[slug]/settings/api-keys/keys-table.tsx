"use client";

import { formatDate, formatDateTime, formatRelative } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { apiKeyGroups } from "@/lib/api-keys/schema";
import { RevokeKeyButton } from "./revoke-key-button";
import { type ApiKey, groupLabels, keyStatus } from "./types";

const statusBadge = {
  active: { label: "Active", variant: "secondary" },
  revoked: { label: "Revoked", variant: "destructive" },
  expired: { label: "Expired", variant: "outline" },
} as const;

function Scopes({ apiKey }: { apiKey: ApiKey }) {
  const groups = apiKeyGroups.filter((g) => apiKey.scopes.includes(g));
  return (
    <div className="flex flex-wrap gap-1">
      <Badge variant={apiKey.scopes.includes("write") ? "default" : "secondary"}>
        {apiKey.scopes.includes("write") ? "Read & write" : "Read"}
      </Badge>
      {groups.length === apiKeyGroups.length ? (
        <Badge variant="outline">All groups</Badge>
      ) : (
        groups.map((g) => (
          <Badge key={g} variant="outline">
            {groupLabels[g].label}
          </Badge>
        ))
      )}
    </div>
  );
}

const when = (iso: string | null, empty: string) =>
  iso ? (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso)}
    </time>
  ) : (
    <span className="text-muted-foreground">{empty}</span>
  );

/** Wide screens get every column; phones get name, status and the rest folded under the name. */
export function KeysTable({ keys }: { keys: ApiKey[] }) {
  return (
    <Table label="API keys">
      <TableColumns
        columns={[
          "Name",
          ["Scopes", "hidden md:table-cell"],
          ["Created", "hidden lg:table-cell"],
          ["Last used", "hidden sm:table-cell"],
          ["Expires", "hidden lg:table-cell"],
          "Status",
        ]}
        actions
      />
      <TableBody>
        {keys.map((k) => {
          const status = keyStatus(k);
          return (
            <TableRow key={k.id} data-testid="api-key-row">
              <TableCell className="max-w-[11rem] align-top whitespace-normal sm:max-w-[16rem]">
                <span className="block truncate font-medium" title={k.name}>
                  {k.name}
                </span>
                <code className="block text-xs text-muted-foreground">{k.prefix}…</code>
                <span
                  className="block truncate text-xs text-muted-foreground"
                  title={k.createdByEmail ?? undefined}
                >
                  by {k.createdByEmail ?? "a former member"}
                </span>
                <div className="mt-1 md:hidden">
                  <Scopes apiKey={k} />
                </div>
              </TableCell>
              <TableCell className="hidden align-top md:table-cell">
                <Scopes apiKey={k} />
              </TableCell>
              <TableCell className="hidden align-top lg:table-cell">{formatDate(k.createdAt)}</TableCell>
              <TableCell className="hidden align-top sm:table-cell">{when(k.lastUsedAt, "Never")}</TableCell>
              <TableCell className="hidden align-top lg:table-cell">
                {k.expiresAt ? formatDate(k.expiresAt) : <span className="text-muted-foreground">Never</span>}
              </TableCell>
              <TableCell className="align-top">
                <Badge variant={statusBadge[status].variant} data-testid="api-key-status">
                  {statusBadge[status].label}
                </Badge>
              </TableCell>
              <TableCell className="text-right align-top">
                {status === "revoked" ? null : <RevokeKeyButton apiKey={k} />}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
