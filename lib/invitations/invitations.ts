import { sql } from "kysely";
import { hashToken, randomToken } from "../auth/tokens";
import { seatOfInvitation, seatsToInvite } from "../billing/seats";
import { runAsUser } from "../db/rls";
import { AppError } from "../errors";
import type { SendMail } from "../mail";
import type { UserCtx, WorkspaceScope } from "../workspaces";
import type { AcceptedInvitation, CreatedInvitation, CreateInvitationInput, Invitation } from "./schema";

export async function listInvitations(ctx: WorkspaceScope): Promise<Invitation[]> {
  const rows = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("invitations")
      .select(["id", "email", "role", "expires_at", "created_at"])
      .where("workspace_id", "=", ctx.workspaceId)
      .where("accepted_at", "is", null)
      .orderBy("created_at", "desc")
      .execute(),
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
  }));
}

/** Replaces any pending invitation for the same email; the plain token exists only in the returned link. */
export async function createInvitation(
  ctx: WorkspaceScope & { workspaceName: string; appUrl: string; sendMail?: SendMail },
  input: CreateInvitationInput,
): Promise<CreatedInvitation> {
  await seatsToInvite(ctx.workspaceId, input.email);
  const token = randomToken();
  const invitation = await runAsUser(ctx.claims, async (tx) => {
    const already = await tx
      .selectFrom("workspace_members as m")
      .innerJoin("profiles as p", "p.id", "m.user_id")
      .select("m.user_id")
      .where("m.workspace_id", "=", ctx.workspaceId)
      .where(sql`lower(p.email)`, "=", input.email)
      .executeTakeFirst();
    if (already) throw new AppError("conflict", "That person is already a member.");
    await tx
      .deleteFrom("invitations")
      .where("workspace_id", "=", ctx.workspaceId)
      .where(sql`lower(email)`, "=", input.email)
      .where("accepted_at", "is", null)
      .execute();
    return tx
      .insertInto("invitations")
      .values({
        workspace_id: ctx.workspaceId,
        email: input.email,
        role: input.role,
        token_hash: hashToken(token),
        invited_by: ctx.claims.sub,
      })
      .returning(["id", "email", "role", "expires_at", "created_at"])
      .executeTakeFirstOrThrow();
  });
  const inviteUrl = `${ctx.appUrl}/invite/${token}`;
  let emailed = false;
  if (ctx.sendMail) {
    await ctx.sendMail(
      input.email,
      `You are invited to ${ctx.workspaceName} on Switchboard`,
      `You have been invited to join ${ctx.workspaceName} as ${input.role}.\n\nAccept: ${inviteUrl}\n`,
    );
    emailed = true;
  }
  return {
    invitation: {
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      expiresAt: invitation.expires_at,
      createdAt: invitation.created_at,
    },
    inviteUrl,
    emailed,
  };
}

export async function revokeInvitation(ctx: WorkspaceScope, id: string): Promise<void> {
  const res = await runAsUser(ctx.claims, (tx) =>
    tx
      .deleteFrom("invitations")
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", id)
      .where("accepted_at", "is", null)
      .executeTakeFirst(),
  );
  if (Number(res.numDeletedRows) === 0) throw new AppError("not_found", "Invitation not found.");
}

export async function acceptInvitation(ctx: UserCtx, token: string): Promise<AcceptedInvitation> {
  await seatOfInvitation(hashToken(token));
  const { rows } = await runAsUser(ctx.claims, (tx) =>
    sql<{ slug: string; name: string }>`select slug, name from public.accept_invitation(${token})`.execute(
      tx,
    ),
  );
  const ws = rows[0];
  if (!ws) throw new AppError("not_found", "This invitation is invalid, used or expired.");
  return ws;
}
