"use client";

import { ArrowDownLeft, ArrowUpRight } from "lucide-react";
import { formatDateTime, formatRelative } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { formatBytes, formatMs, type McpCall } from "./types";

/** Who made the call: the key for inbound calls, the integration for outbound ones. */
function caller(c: McpCall): { label: string; detail?: string } {
  if (c.direction === "inbound") {
    if (c.apiKey) return { label: c.apiKey.name, detail: c.apiKey.prefix };
    return { label: "Deleted key" };
  }
  if (c.integrationName) return { label: c.integrationName, detail: "integration" };
  return { label: c.integrationId ? "Deleted integration" : "Integration" };
}

function Direction({ c }: { c: McpCall }) {
  const Icon = c.direction === "inbound" ? ArrowDownLeft : ArrowUpRight;
  return (
    <span className="inline-flex items-center gap-1 whitespace-nowrap">
      <Icon className="size-3.5 text-muted-foreground" aria-hidden="true" />
      {c.direction === "inbound" ? "Inbound" : "Outbound"}
    </span>
  );
}

function Status({ c }: { c: McpCall }) {
  return c.status === "ok" ? (
    <Badge variant="secondary">OK</Badge>
  ) : (
    <Badge variant="destructive" title={c.errorCode ?? undefined}>
      {c.errorCode ?? "error"}
    </Badge>
  );
}

export function ActivityTable({ calls }: { calls: McpCall[] }) {
  return (
    <Table label="MCP calls">
      <TableColumns
        columns={[
          ["Time", "hidden sm:table-cell"],
          ["Direction", "hidden md:table-cell"],
          "Tool",
          ["Key / integration", "hidden md:table-cell"],
          ["Args", "hidden lg:table-cell text-right"],
          "Status",
          ["Latency", "text-right"],
        ]}
      />
      <TableBody>
        {calls.map((c) => {
          const who = caller(c);
          return (
            <TableRow key={c.id} data-testid="mcp-call">
              <TableCell className="hidden whitespace-nowrap align-top text-muted-foreground sm:table-cell">
                <time dateTime={c.createdAt} title={formatDateTime(c.createdAt)}>
                  {formatRelative(c.createdAt)}
                </time>
              </TableCell>
              <TableCell className="hidden align-top md:table-cell">
                <Direction c={c} />
              </TableCell>
              <TableCell className="max-w-[10rem] align-top whitespace-normal sm:max-w-[16rem]">
                <code className="block truncate text-xs" title={c.tool}>
                  {c.tool}
                </code>
                {/* Phones have no time, direction or caller columns: they ride along under the tool. */}
                <span className="block text-xs text-muted-foreground md:hidden">
                  {c.direction === "inbound" ? "↙" : "↗"} {who.label} · {formatRelative(c.createdAt)}
                </span>
              </TableCell>
              <TableCell className="hidden max-w-[14rem] align-top md:table-cell">
                <span className="block truncate" title={who.label}>
                  {who.label}
                </span>
                {who.detail ? (
                  <code className="block text-xs text-muted-foreground">{who.detail}</code>
                ) : null}
              </TableCell>
              <TableCell className="hidden text-right align-top tabular-nums lg:table-cell">
                {formatBytes(c.argBytes)}
              </TableCell>
              <TableCell className="align-top">
                <Status c={c} />
              </TableCell>
              <TableCell className="text-right align-top tabular-nums">{formatMs(c.latencyMs)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
