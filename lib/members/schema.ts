import { z } from "zod";
import { type WorkspaceRole, workspaceRoleSchema } from "../workspaces";

export interface Member {
  userId: string;
  email: string;
  displayName: string | null;
  role: WorkspaceRole;
  joinedAt: Date;
}

/** A member's role, as changing it answers. */
export interface MemberRole {
  userId: string;
  role: WorkspaceRole;
}

export const changeRoleInput = z.object({ role: workspaceRoleSchema });
export type ChangeRoleInput = z.infer<typeof changeRoleInput>;
export const userIdSchema = z.uuid({ message: "Not a valid user id." });
