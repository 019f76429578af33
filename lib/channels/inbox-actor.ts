import type { Database } from "../db/client";
import type { JwtClaims, Tx } from "../db/rls";
import { roleAtLeast, type WorkspaceRole } from "../workspaces/roles";

/**
 * Whom an inbox's bot acts as: the member who set the inbox up (inboxes.created_by),
 * through RLS, like a flow acts as its creator. A removed member's or a viewer's
 * inbox does not answer; `problem` says why (the inbox page shows it).
 */
export type InboxActor =
  | { ok: true; claims: JwtClaims; workspaceSlug: string }
  | { ok: false; problem: "no_actor" | "not_a_member" };

export async function inboxActor(
  db: Database | Tx,
  workspaceId: string,
  inboxId: string,
): Promise<InboxActor> {
  const row = await db
    .selectFrom("inboxes as i")
    .innerJoin("workspaces as w", "w.id", "i.workspace_id")
    .leftJoin("workspace_members as m", (j) =>
      j.onRef("m.workspace_id", "=", "i.workspace_id").onRef("m.user_id", "=", "i.created_by"),
    )
    .leftJoin("auth.users as u", "u.id", "i.created_by")
    .select(["i.created_by", "w.slug", "m.role", "u.email"])
    .where("i.workspace_id", "=", workspaceId)
    .where("i.id", "=", inboxId)
    .executeTakeFirst();
  return toInboxActor(row);
}

/** The actor from the inbox's creator as read with the inbox (a join; see the reply job's one query). */
export function toInboxActor(
  row:
    | { created_by: string | null; slug: string; role: WorkspaceRole | null; email: string | null }
    | undefined,
): InboxActor {
  if (!row?.created_by) return { ok: false, problem: "no_actor" };
  if (!row.role || !roleAtLeast(row.role, "member")) return { ok: false, problem: "not_a_member" };
  return {
    ok: true,
    claims: { sub: row.created_by, role: "authenticated", ...(row.email ? { email: row.email } : {}) },
    workspaceSlug: row.slug,
  };
}
