import { z } from "zod";
import { emailSchema } from "../auth/types";
import { type WorkspaceRole, workspaceRoleSchema } from "../workspaces";

export const createInvitationInput = z.object({
  email: emailSchema,
  role: workspaceRoleSchema.exclude(["owner"]),
});
export type CreateInvitationInput = z.infer<typeof createInvitationInput>;
export const acceptInvitationInput = z.object({ token: z.string().min(16).max(200) });
export const invitationIdSchema = z.uuid({ message: "Not a valid invitation id." });

export interface Invitation {
  id: string;
  email: string;
  role: WorkspaceRole;
  expiresAt: Date;
  createdAt: Date;
}

export interface CreatedInvitation {
  invitation: Invitation;
  /** Carries the plain token: shown to the admin who invited, never stored. */
  inviteUrl: string;
  emailed: boolean;
}

/** The workspace the invitation let the caller into. */
export interface AcceptedInvitation {
  slug: string;
  name: string;
}
