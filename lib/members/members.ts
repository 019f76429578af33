import { runAsUser } from "../db/rls";
import { AppError } from "../errors";
import { type WorkspaceScope, workspaceRoleSchema } from "../workspaces";
import type { ChangeRoleInput, Member, MemberRole } from "./schema";

export async function listMembers(ctx: WorkspaceScope): Promise<Member[]> {
  return runAsUser(ctx.claims, async (tx) => {
    const rows = await tx
      .selectFrom("workspace_members as m")
      .leftJoin("profiles as p", "p.id", "m.user_id")
      .select(["m.user_id", "m.role", "m.created_at", "p.email", "p.display_name"])
      .where("m.workspace_id", "=", ctx.workspaceId)
      .orderBy("m.created_at")
      .execute();
    return rows.map((r) => ({
      userId: r.user_id,
      email: r.email ?? "",
      displayName: r.display_name,
      role: workspaceRoleSchema.parse(r.role),
      joinedAt: r.created_at,
    }));
  });
}

export async function changeMemberRole(
  ctx: WorkspaceScope,
  userId: string,
  input: ChangeRoleInput,
): Promise<MemberRole> {
  const row = await runAsUser(ctx.claims, (tx) =>
    tx
      .updateTable("workspace_members")
      .set({ role: input.role })
      .where("workspace_id", "=", ctx.workspaceId)
      .where("user_id", "=", userId)
      .returning(["user_id", "role"])
      .executeTakeFirst(),
  );
  if (!row) throw new AppError("not_found", "That person is not a member of this workspace.");
  return { userId: row.user_id, role: workspaceRoleSchema.parse(row.role) };
}

export async function removeMember(ctx: WorkspaceScope, userId: string): Promise<void> {
  const res = await runAsUser(ctx.claims, (tx) =>
    tx
      .deleteFrom("workspace_members")
      .where("workspace_id", "=", ctx.workspaceId)
      .where("user_id", "=", userId)
      .executeTakeFirst(),
  );
  if (Number(res.numDeletedRows) === 0) {
    throw new AppError("not_found", "That person is not a member of this workspace.");
  }
}

export function leaveWorkspace(ctx: WorkspaceScope): Promise<void> {
  return removeMember(ctx, ctx.claims.sub);
}
