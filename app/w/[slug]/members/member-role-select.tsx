"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api, errorMessage } from "@/components/api/client";
import { type Member, queryKeys, type Role, roleLabels, workspacePath } from "@/components/api/types";
import { OptionsSelect, optionsOf } from "@/components/ui/options-select";
import { useCurrentWorkspace } from "../_components/workspace-context";

export function MemberRoleSelect({ member, canAssignOwner }: { member: Member; canAssignOwner: boolean }) {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const roles: Role[] = canAssignOwner
    ? ["viewer", "member", "admin", "owner"]
    : ["viewer", "member", "admin"];

  const change = useMutation({
    mutationFn: (role: Role) =>
      api<{ member: unknown }>(workspacePath(slug, `/members/${encodeURIComponent(member.userId)}`), {
        method: "PATCH",
        body: { role },
      }),
    onSuccess: (_data, role) => {
      toast.success(
        `Role updated: ${member.email} is now ${role === "admin" || role === "owner" ? "an" : "a"} ${role}.`,
      );
    },
    onError: (error) => toast.error(errorMessage(error)),
    // Refetch either way: on failure the select must snap back to the stored role.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.workspace(slug) }),
  });

  return (
    <OptionsSelect
      value={change.isPending ? change.variables : member.role}
      onValueChange={(value) => {
        if (value !== member.role) change.mutate(value);
      }}
      disabled={change.isPending}
      options={optionsOf(roles, roleLabels)}
      size="sm"
      aria-label={`Role for ${member.email}`}
      className="w-28"
    />
  );
}
