import { z } from "zod";
import { iso, isoTimestamp, OK, okOutput } from "../contract/json";
import { defineOperation } from "../contract/operation";
import { env } from "../env";
import { mailer } from "../mail";
import { getWorkspace, workspaceRoleSchema } from "../workspaces";
import { createInvitation, listInvitations, revokeInvitation } from "./invitations";
import {
  type AcceptedInvitation,
  type CreatedInvitation,
  createInvitationInput,
  type Invitation,
  invitationIdSchema,
} from "./schema";

/**
 * The invitations' public contract. Accepting one (`/api/invitations/accept`)
 * happens before the caller belongs to the workspace, so that route keeps its
 * session wrapper and uses the shape here.
 */

// ---- Output shapes -------------------------------------------------------

export const invitationOutput = z.object({
  id: z.uuid(),
  email: z.string(),
  role: workspaceRoleSchema,
  expiresAt: isoTimestamp,
  createdAt: isoTimestamp,
});
export type InvitationJson = z.infer<typeof invitationOutput>;

export const invitationListOutput = z.object({ invitations: z.array(invitationOutput) });

export const createdInvitationOutput = z.object({
  invitation: invitationOutput,
  inviteUrl: z.string().describe("The link that accepts the invitation; shown once, only its hash is stored"),
  emailed: z.boolean(),
});
export type CreatedInvitationJson = z.infer<typeof createdInvitationOutput>;

export const acceptedInvitationOutput = z.object({
  workspace: z.object({ slug: z.string(), name: z.string() }),
});
export type AcceptedInvitationJson = z.infer<typeof acceptedInvitationOutput>;

export type CreateInvitationBody = z.input<typeof createInvitationInput>;

// ---- Serializers ---------------------------------------------------------

export const serializeInvitation = (i: Invitation): InvitationJson => ({
  id: i.id,
  email: i.email,
  role: i.role,
  expiresAt: iso(i.expiresAt),
  createdAt: iso(i.createdAt),
});

export const serializeCreatedInvitation = (c: CreatedInvitation): CreatedInvitationJson => ({
  invitation: serializeInvitation(c.invitation),
  inviteUrl: c.inviteUrl,
  emailed: c.emailed,
});

export const serializeAcceptedInvitation = (w: AcceptedInvitation): AcceptedInvitationJson => ({
  workspace: { slug: w.slug, name: w.name },
});

// ---- Operations ----------------------------------------------------------

export const listInvitationsOp = defineOperation({
  id: "invitations.list",
  method: "get",
  summary: "List pending invitations",
  output: invitationListOutput,
  outputDescription: "Invitations not yet accepted, newest first.",
  web: { path: "/invitations", role: "admin" },
  async run(scope) {
    return { invitations: (await listInvitations(scope)).map(serializeInvitation) };
  },
});

export const createInvitationOp = defineOperation({
  id: "invitations.create",
  method: "post",
  summary: "Invite someone by email",
  description: "Replaces a pending invitation for the same email; mails the link when mail is configured.",
  body: createInvitationInput,
  output: createdInvitationOutput,
  status: 201,
  outputDescription: "The invitation and its link.",
  // The link carries the invitation's token.
  secretInAnswer: true,
  web: { path: "/invitations", role: "admin", rateLimit: { name: "invite", max: 50, windowSeconds: 3600 } },
  async run(scope, { body }) {
    const workspace = await getWorkspace(scope);
    const created = await createInvitation(
      { ...scope, workspaceName: workspace.name, appUrl: env().APP_URL, sendMail: mailer() },
      body,
    );
    return serializeCreatedInvitation(created);
  },
});

export const revokeInvitationOp = defineOperation({
  id: "invitations.revoke",
  method: "delete",
  summary: "Revoke a pending invitation",
  params: z.object({ id: invitationIdSchema }),
  output: okOutput,
  outputDescription: "Revoked: its link no longer works.",
  web: { path: "/invitations/{id}", role: "admin" },
  async run(scope, { params }) {
    await revokeInvitation(scope, params.id);
    return OK;
  },
});

export const invitationOperations = [listInvitationsOp, createInvitationOp, revokeInvitationOp];
