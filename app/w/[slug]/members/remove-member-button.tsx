"use client";

import { type Member, queryKeys, workspacePath } from "@/components/api/types";
import { ConfirmDeleteButton } from "@/components/confirm-delete-button";
import { Button } from "@/components/ui/button";
import { useCurrentWorkspace } from "../_components/workspace-context";

export function RemoveMemberButton({ member }: { member: Member }) {
  const { slug, name } = useCurrentWorkspace();
  return (
    <ConfirmDeleteButton
      name={member.email}
      path={workspacePath(slug, `/members/${encodeURIComponent(member.userId)}`)}
      invalidate={queryKeys.workspace(slug)}
      title={`Remove ${member.email}?`}
      done={`Removed ${member.email} from ${name}.`}
      consequence={`They lose access to ${name} immediately. You can invite them again later.`}
      confirmLabel="Remove member"
      trigger={
        <Button variant="ghost" size="sm" className="text-destructive" aria-label={`Remove ${member.email}`}>
          Remove
        </Button>
      }
    />
  );
}
