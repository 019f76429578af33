"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { ScrollText } from "lucide-react";
import { api } from "@/components/api/client";
import { type AuditPage, queryKeys, workspacePath } from "@/components/api/types";
import { EmptyState } from "@/components/empty-state";
import { formatDateTime, formatRelative } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { LoadMore, QueryView, Skeletons, TableCard } from "@/components/query-view";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { actorName, describeAuditEntry, detailPairs } from "../_components/audit-describe";
import { useCurrentWorkspace } from "../_components/workspace-context";

const PAGE_SIZE = 25;

export function AuditView() {
  const { slug } = useCurrentWorkspace();
  const query = useInfiniteQuery({
    queryKey: [...queryKeys.audit(slug), "all"],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (pageParam) params.set("cursor", pageParam);
      return api<AuditPage>(workspacePath(slug, `/audit?${params}`), { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const entries = query.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <div className="space-y-6">
      <PageHeader title="Audit log" description="Who changed what in this workspace, newest first." />
      <TableCard>
        <QueryView
          query={query}
          padded
          loading={<Skeletons count={6} className="h-8 w-full" layout="space-y-3 p-2" />}
          empty={
            entries.length === 0 && (
              <EmptyState icon={ScrollText} title="Nothing recorded yet">
                Changes to members, invitations and settings will appear here.
              </EmptyState>
            )
          }
        >
          {() => (
            <Table label="Audit log">
              <TableColumns
                columns={[
                  ["When", "hidden sm:table-cell"],
                  "Who",
                  "Action",
                  ["Details", "hidden lg:table-cell"],
                ]}
              />
              <TableBody>
                {entries.map((entry) => (
                  <TableRow key={entry.id} data-testid="audit-entry">
                    <TableCell className="hidden whitespace-nowrap align-top text-muted-foreground sm:table-cell">
                      <time dateTime={entry.createdAt} title={formatDateTime(entry.createdAt)}>
                        {formatRelative(entry.createdAt)}
                      </time>
                    </TableCell>
                    <TableCell className="align-top">
                      <span
                        className="block max-w-[7rem] truncate sm:max-w-[14rem]"
                        title={entry.actor?.email}
                        data-testid="audit-actor"
                      >
                        {actorName(entry)}
                      </span>
                      {entry.actor?.displayName ? (
                        <span className="block max-w-[7rem] truncate text-xs text-muted-foreground sm:max-w-[14rem]">
                          {entry.actor.email}
                        </span>
                      ) : null}
                    </TableCell>
                    {/* `anywhere`, not `break-word`: only it lowers a table cell's min-content width, so one
                        long token (a SKU, an id) cannot push the column off a phone's screen. Words still wrap whole. */}
                    <TableCell className="min-w-[10rem] whitespace-normal wrap-anywhere align-top">
                      {describeAuditEntry(entry)}
                      {/* Phones have no "When" column, so the time rides along under the action. */}
                      <span className="block text-xs text-muted-foreground sm:hidden">
                        {formatRelative(entry.createdAt)}
                      </span>
                    </TableCell>
                    {/* A floor for its width: with `anywhere` alone the table would squeeze it to a few
                        letters a line, splitting every word. */}
                    <TableCell className="hidden min-w-[16rem] whitespace-normal align-top lg:table-cell">
                      <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs text-muted-foreground">
                        {detailPairs(entry.details).map(([key, value]) => (
                          <div key={key} className="contents">
                            <dt className="font-medium">{key}</dt>
                            {/* Long tokens (ids, URLs) break only where they must; words wrap whole. */}
                            <dd className="wrap-anywhere">{value}</dd>
                          </div>
                        ))}
                      </dl>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </QueryView>
      </TableCard>
      <LoadMore query={query} />
    </div>
  );
}
