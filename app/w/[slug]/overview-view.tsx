"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/components/api/client";
import {
  type Invitation,
  isAdminRole,
  type MembersResponse,
  queryKeys,
  roleLabels,
  type WorkspaceDetail,
  workspacePath,
} from "@/components/api/types";
import { capitalize, formatDate } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { useCurrentWorkspace } from "./_components/workspace-context";
import { RecentActivity } from "./_overview/recent-activity";
import { Stat } from "./_overview/stat";
import { UsageDashboard } from "./_overview/usage-dashboard";

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

  const workspace = detail.data?.workspace;
  const firstError = [detail, members].find((q) => q.isError);

  return (
    <div className="space-y-8">
      <PageHeader
        title={workspace?.name ?? name}
        description={workspace ? `Created ${formatDate(workspace.createdAt)}` : undefined}
      />
      {firstError ? <QueryError error={firstError.error} onRetry={() => firstError.refetch()} /> : null}

      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
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

      <UsageDashboard slug={slug} admin={admin} canCreate={role !== "viewer"} />

      {admin ? <RecentActivity slug={slug} /> : null}
    </div>
  );
}
