"use client";

import { useQuery } from "@tanstack/react-query";
import { Users } from "lucide-react";
import { api } from "@/components/api/client";
import {
  isAdminRole,
  type Member,
  type MembersResponse,
  queryKeys,
  type Role,
  roleLabels,
  workspacePath,
} from "@/components/api/types";
import { EmptyState } from "@/components/empty-state";
import { formatDate } from "@/components/format";
import { QueryView, Skeletons } from "@/components/query-view";
import { Badge } from "@/components/ui/badge";
import { SectionCard } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { useCurrentWorkspace } from "../_components/workspace-context";
import { MemberRoleSelect } from "./member-role-select";
import { RemoveMemberButton } from "./remove-member-button";

/** Admins manage everyone but themselves; only owners may touch other owners. */
function canManage(me: { userId: string; role: Role }, member: Member): boolean {
  if (!isAdminRole(me.role) || member.userId === me.userId) return false;
  return me.role === "owner" || member.role !== "owner";
}

export function MembersTable() {
  const { slug } = useCurrentWorkspace();
  const query = useQuery({
    queryKey: queryKeys.members(slug),
    queryFn: ({ signal }) => api<MembersResponse>(workspacePath(slug, "/members"), { signal }),
  });
  const manager = query.data ? isAdminRole(query.data.me.role) : false;

  return (
    <SectionCard
      title="People"
      description={
        query.data
          ? `${query.data.members.length} ${query.data.members.length === 1 ? "member" : "members"}`
          : " "
      }
    >
      <QueryView
        query={query}
        loading={<Skeletons count={3} className="h-9 w-full" />}
        empty={query.data?.members.length === 0 && <EmptyState icon={Users} title="No members" />}
      >
        {(data) => (
          <Table label="Members">
            <TableColumns
              columns={[
                "Email",
                ["Name", "hidden sm:table-cell"],
                "Role",
                ["Joined", "hidden md:table-cell"],
              ]}
              actions={manager}
            />
            <TableBody>
              {data.members.map((member) => {
                const me = data.me;
                const manageable = canManage(me, member);
                return (
                  <TableRow key={member.userId} data-testid={`member-row-${member.email}`}>
                    <TableCell>
                      <span
                        className="block max-w-[9rem] truncate font-medium sm:max-w-[16rem] lg:max-w-none"
                        title={member.email}
                      >
                        {member.email}
                      </span>
                      {member.userId === me.userId ? (
                        <span className="text-xs text-muted-foreground">You</span>
                      ) : null}
                    </TableCell>
                    <TableCell className="hidden sm:table-cell">{member.displayName || "—"}</TableCell>
                    <TableCell>
                      {manageable ? (
                        <MemberRoleSelect member={member} canAssignOwner={me.role === "owner"} />
                      ) : (
                        <Badge variant="secondary">{roleLabels[member.role]}</Badge>
                      )}
                    </TableCell>
                    <TableCell className="hidden whitespace-nowrap text-muted-foreground md:table-cell">
                      {formatDate(member.joinedAt)}
                    </TableCell>
                    {manager ? (
                      <TableCell className="text-right">
                        {manageable ? <RemoveMemberButton member={member} /> : null}
                      </TableCell>
                    ) : null}
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </QueryView>
    </SectionCard>
  );
}
