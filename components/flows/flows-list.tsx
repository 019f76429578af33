"use client";

import { useQuery } from "@tanstack/react-query";
import { Workflow } from "lucide-react";
import Link from "next/link";
import { useCurrentWorkspace } from "@/app/w/[slug]/_components/workspace-context";
import { api } from "@/components/api/client";
import { isAdminRole } from "@/components/api/types";
import { ConfirmDeleteButton } from "@/components/confirm-delete-button";
import { EmptyState } from "@/components/empty-state";
import { formatDateTime } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { QueryView, Skeletons, TableCard } from "@/components/query-view";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { type FlowSummary, flowKeys, flowPath, flowsPath } from "./api-types";
import { NewFlowDialog } from "./new-flow-dialog";

/** The workspace's flows: name, draft / published version, enabled, last change; create and delete. */
export function FlowsList() {
  const { slug, role } = useCurrentWorkspace();
  const canEdit = role !== "viewer";
  const query = useQuery({
    queryKey: flowKeys.all(slug),
    queryFn: ({ signal }) => api<{ flows: FlowSummary[] }>(flowsPath(slug), { signal }),
  });
  return (
    <div className="space-y-8">
      <PageHeader
        title="Flows"
        description="Workflows that run on a trigger: agents, conditions, HTTP calls, approvals and more."
        actions={
          <>
            <Link href={`/w/${slug}/flows/runs`} className="self-center text-sm underline">
              All runs
            </Link>
            {canEdit && query.data?.flows.length ? <NewFlowDialog slug={slug} /> : null}
          </>
        }
      />
      <TableCard>
        <QueryView
          query={query}
          padded
          loading={<Skeletons className="h-10 w-full" count={3} />}
          empty={
            query.data?.flows.length === 0 && (
              <EmptyState icon={Workflow} title="No flows yet">
                {canEdit ? (
                  <div className="flex flex-col items-center gap-3">
                    <p>Build one from scratch or from a starter template.</p>
                    <NewFlowDialog slug={slug} label="Create flow" />
                  </div>
                ) : (
                  <p>A member or admin can create the first flow.</p>
                )}
              </EmptyState>
            )
          }
        >
          {({ flows }) => (
            <Table label="Flows">
              <TableColumns columns={["Name", "Status", ["Updated", "hidden sm:table-cell"]]} actions />
              <TableBody>
                {flows.map((f) => (
                  <TableRow key={f.id}>
                    <TableCell className="font-medium">
                      <Link href={`/w/${slug}/flows/${f.id}`} className="hover:underline">
                        {f.name}
                      </Link>
                    </TableCell>
                    <TableCell>
                      <div className="flex flex-wrap gap-1">
                        <Badge variant={f.publishedVersion ? "secondary" : "outline"}>
                          {f.publishedVersion ? `Published v${f.publishedVersion}` : "Draft"}
                        </Badge>
                        {f.publishedVersion ? (
                          <Badge variant="outline">{f.enabled ? "Enabled" : "Disabled"}</Badge>
                        ) : null}
                      </div>
                    </TableCell>
                    <TableCell className="hidden text-muted-foreground sm:table-cell">
                      {formatDateTime(f.updatedAt)}
                    </TableCell>
                    <TableCell>
                      {isAdminRole(role) ? (
                        <ConfirmDeleteButton
                          compact
                          name={f.name}
                          path={flowPath(slug, f.id)}
                          invalidate={flowKeys.all(slug)}
                          consequence="The flow, its versions, triggers and run history are deleted."
                          confirmLabel="Delete flow"
                        />
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </QueryView>
      </TableCard>
    </div>
  );
}
