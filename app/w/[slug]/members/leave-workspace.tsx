"use client";

import { workspacePath } from "@/components/api/types";
import { ConfirmDeleteButton } from "@/components/confirm-delete-button";
import { Button } from "@/components/ui/button";
import { SectionCard } from "@/components/ui/card";
import { useCurrentWorkspace } from "../_components/workspace-context";

export function LeaveWorkspace() {
  const { slug, name } = useCurrentWorkspace();
  return (
    <SectionCard
      title="Leave workspace"
      description={
        <>You will lose access to {name} until someone invites you again. The last owner cannot leave.</>
      }
    >
      <ConfirmDeleteButton
        name={name}
        path={workspacePath(slug, "/leave")}
        method="POST"
        title={`Leave ${name}?`}
        done={`You left ${name}.`}
        consequence="You will lose access immediately. To come back, an admin has to invite you again."
        confirmLabel="Leave workspace"
        // Full load: every cached view of this workspace (router and queries) is now off limits.
        onDone={() => window.location.assign("/")}
        leaves
        trigger={
          <Button variant="outline" className="text-destructive">
            Leave workspace
          </Button>
        }
      />
    </SectionCard>
  );
}
