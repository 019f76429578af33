"use client";

import { useQuery } from "@tanstack/react-query";
import { ScrollText } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { api } from "@/components/api/client";
import {
  type AuditPage,
  type Invitation,
  isAdminRole,
  type MembersResponse,
  queryKeys,
  roleLabels,
  type WorkspaceDetail,
  workspacePath,
} from "@/components/api/types";
import { EmptyState } from "@/components/empty-state";
import { capitalize, formatDate, formatDateTime, formatRelative } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { describeAuditEntry } from "./_components/audit-describe";
import { useCurrentWorkspace } from "./_components/workspace-context";

function Stat({ label, value, testId }: { label: string; value: ReactNode; testId: string }) {
  return (
    <Card className="gap-2 py-4">
      <CardHeader className="px-4">
        <CardDescription>{label}</CardDescription>
      </CardHeader>
      <CardContent className="px-4 text-2xl font-semibold" data-testid={testId}>
        {value ?? <Skeleton className="h-8 w-16" />}
      </CardContent>
    </Card>
  );
}

export function OverviewView() {
  const { slug, name, plan, role } = useCurrentWorkspace();
  const admin = isAdminRole(role);

  const detail = useQuery({
    queryKey: queryKeys.workspace(slug),
    queryFn: ({ signal }) => api<WorkspaceDetail>(workspacePath(slug), { signal }),
  });
  const members = useQuery({
    queryKey: queryKeys.members(slug),
    queryFn: ({ signal }) => api<MembersResponse>(workspacePath(slug, "/members"), { signal }),
  });
  const invitations = useQuery({
    queryKey: queryKeys.invitations(slug),
    queryFn: ({ signal }) =>
      api<{ invitations: Invitation[] }>(workspacePath(slug, "/invitations"), { signal }),
    enabled: admin,
  });
  const audit = useQuery({
    queryKey: [...queryKeys.audit(slug), "latest"],
    queryFn: ({ signal }) => api<AuditPage>(workspacePath(slug, "/audit?limit=5"), { signal }),
    enabled: admin,
  });

  const workspace = detail.data?.workspace;
  const firstError = [detail, members].find((q) => q.isError);

  return (
    <div className="space-y-8">
      <PageHeader
        title={workspace?.name ?? name}
        description={workspace ? `Created ${formatDate(workspace.createdAt)}` : undefined}
      />
      {firstError ? <QueryError error={firstError.error} onRetry={() => firstError.refetch()} /> : null}

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Plan" value={capitalize(workspace?.plan ?? plan)} testId="stat-plan" />
        <Stat label="Your role" value={roleLabels[detail.data?.role ?? role]} testId="stat-role" />
        <Stat
          label="Members"
          value={members.isError ? "—" : members.data?.members.length}
          testId="stat-members"
        />
        {admin ? (
          <Stat
            label="Pending invitations"
            value={invitations.isError ? "—" : invitations.data?.invitations.length}
            testId="stat-invitations"
          />
        ) : null}
      </div>

      {admin ? (
        <Card>
          <CardHeader>
            <CardTitle>Recent activity</CardTitle>
            <CardDescription>The latest changes in this workspace.</CardDescription>
            <CardAction>
              <Button asChild variant="outline" size="sm">
                <Link href={`/w/${slug}/audit`}>View all</Link>
              </Button>
            </CardAction>
          </CardHeader>
          <CardContent>
            {audit.isPending ? (
              <div className="space-y-3">
                <Skeleton className="h-5 w-full" />
                <Skeleton className="h-5 w-4/5" />
                <Skeleton className="h-5 w-3/5" />
              </div>
            ) : audit.isError ? (
              <QueryError error={audit.error} onRetry={() => audit.refetch()} />
            ) : audit.data.entries.length === 0 ? (
              <EmptyState icon={ScrollText} title="No activity yet" />
            ) : (
              <ul className="divide-y" data-testid="recent-activity">
                {audit.data.entries.map((entry) => (
                  <li
                    key={entry.id}
                    className="flex flex-col gap-0.5 py-2.5 sm:flex-row sm:justify-between sm:gap-4"
                  >
                    <span className="min-w-0 break-words text-sm">{describeAuditEntry(entry)}</span>
                    <time
                      dateTime={entry.createdAt}
                      title={formatDateTime(entry.createdAt)}
                      className="shrink-0 text-xs text-muted-foreground"
                    >
                      {formatRelative(entry.createdAt)}
                    </time>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
