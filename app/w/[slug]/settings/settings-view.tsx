"use client";

import { isAdminRole } from "@/components/api/types";
import { capitalize } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { SectionCard } from "@/components/ui/card";
import { useCurrentWorkspace } from "../_components/workspace-context";
import { DeleteWorkspace } from "./delete-workspace";
import { RenameForm } from "./rename-form";

export function SettingsView() {
  const { plan, role } = useCurrentWorkspace();
  return (
    <div className="space-y-8">
      <PageHeader title="Settings" description="Name, address and plan of this workspace." />
      <RenameForm canEdit={isAdminRole(role)} />
      <SectionCard title="Plan" description="The plan this workspace is on.">
        <Badge variant="secondary" className="text-sm" data-testid="workspace-plan">
          {capitalize(plan)}
        </Badge>
      </SectionCard>
      {role === "owner" ? <DeleteWorkspace /> : null}
    </div>
  );
}
