import { sql } from "kysely";
import { getDb } from "../db/client";
import { assertWithinLimit } from "./entitlements";

/**
 * Seats are members plus pending invitations. A new invitation takes a seat;
 * one that replaces a pending invitation to the same address does not.
 * Throws plan_limit (402) when the plan's seats are taken.
 */
export async function seatsToInvite(workspaceId: string, email: string): Promise<void> {
  const db = getDb();
  const { rows } = await sql`select 1 from public.invitations
    where workspace_id = ${workspaceId}::uuid and lower(email) = lower(${email})
      and accepted_at is null and expires_at > now()`.execute(db);
  await assertWithinLimit(db, workspaceId, "member", rows.length > 0 ? 0 : 1);
}

/**
 * Accepting an invitation fills the seat it already holds: refused only when
 * the workspace is over its seats (a downgrade since it was sent). An unknown
 * or used token is left to accept_invitation() to answer.
 */
export async function seatOfInvitation(tokenHash: string): Promise<void> {
  const db = getDb();
  const { rows } = await sql<{ workspace_id: string }>`select workspace_id from public.invitations
    where token_hash = ${tokenHash} and accepted_at is null and expires_at > now()`.execute(db);
  const ws = rows[0]?.workspace_id;
  if (ws) await assertWithinLimit(db, ws, "member", 0);
}
