import { z } from "zod";

export const workspaceRoles = ["viewer", "member", "admin", "owner"] as const;
export const workspaceRoleSchema = z.enum(workspaceRoles);
export type WorkspaceRole = z.infer<typeof workspaceRoleSchema>;

export function roleAtLeast(role: WorkspaceRole, min: WorkspaceRole): boolean {
  return workspaceRoles.indexOf(role) >= workspaceRoles.indexOf(min);
}
