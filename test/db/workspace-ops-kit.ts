import { sql } from "kysely";
import type { Database } from "@/lib/db/client";
import type { Tx } from "@/lib/db/rls";
import { asService, asUser, type SeedUser, type SeedWorkspace, sha256Hex, uniq } from "./workspace-kit";

// Single statements the role-rule tests run as one user or another.

export const rename = (tx: Tx, ws: string, name: string) =>
  tx.updateTable("workspaces").set({ name }).where("id", "=", ws).executeTakeFirstOrThrow();
export const setRole = (tx: Tx, ws: string, user: string, role: "owner" | "admin" | "member" | "viewer") =>
  tx
    .updateTable("workspace_members")
    .set({ role })
    .where("workspace_id", "=", ws)
    .where("user_id", "=", user)
    .executeTakeFirstOrThrow();
export const removeMember = (tx: Tx, ws: string, user: string) =>
  tx
    .deleteFrom("workspace_members")
    .where("workspace_id", "=", ws)
    .where("user_id", "=", user)
    .executeTakeFirstOrThrow();
export const invite = (
  tx: Tx,
  ws: string,
  by: SeedUser,
  email: string,
  role: "admin" | "member" | "viewer" | "owner",
) =>
  tx
    .insertInto("invitations")
    .values({ workspace_id: ws, email, role, token_hash: sha256Hex(uniq()), invited_by: by.id })
    .returning("id")
    .executeTakeFirstOrThrow();
export const acceptInvitation = (db: Database, user: SeedUser, token: string) =>
  asUser(db, user, (tx) =>
    sql<{ id: string }>`select id from public.accept_invitation(${token})`.execute(tx).then((r) => r.rows),
  );

/** Name, member roles and invitation count of a workspace, as the service path sees them. */
export async function serviceView(db: Database, ws: string) {
  return asService(db, async (tx) => ({
    name: (await tx.selectFrom("workspaces").select("name").where("id", "=", ws).executeTakeFirst())?.name,
    roles: Object.fromEntries(
      (
        await tx
          .selectFrom("workspace_members")
          .select(["user_id", "role"])
          .where("workspace_id", "=", ws)
          .execute()
      ).map((m) => [m.user_id, m.role]),
    ),
    invitations: (await tx.selectFrom("invitations").select("email").where("workspace_id", "=", ws).execute())
      .length,
  }));
}

export const seededRoles = (ws: SeedWorkspace) => ({
  [ws.users.owner.id]: "owner",
  [ws.users.admin.id]: "admin",
  [ws.users.member.id]: "member",
  [ws.users.viewer.id]: "viewer",
});
