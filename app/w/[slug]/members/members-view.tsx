"use client";

import { isAdminRole } from "@/components/api/types";
import { PageHeader } from "@/components/page-header";
import { useCurrentWorkspace } from "../_components/workspace-context";
import { InviteForm } from "./invite-form";
import { LeaveWorkspace } from "./leave-workspace";
import { MembersTable } from "./members-table";
import { PendingInvitations } from "./pending-invitations";

export function MembersView() {
  const { role } = useCurrentWorkspace();
  const admin = isAdminRole(role);
  return (
    <div className="space-y-8">
      <PageHeader
        title="Members"
        description={
          admin ? "Invite people and manage their roles." : "People who have access to this workspace."
        }
      />
      {admin ? <InviteForm /> : null}
      <MembersTable />
      {admin ? <PendingInvitations /> : null}
      <LeaveWorkspace />
    </div>
  );
}
