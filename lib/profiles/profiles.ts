import { runAsUser } from "../db/rls";
import { AppError } from "../errors";
import type { UserCtx } from "../workspaces";
import type { AuthSessionInfo, Me, UpdateProfileInput } from "./schema";

export async function getMe(ctx: UserCtx): Promise<Me> {
  const row = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("profiles")
      .select(["id", "email", "display_name"])
      .where("id", "=", ctx.claims.sub)
      .executeTakeFirst(),
  );
  if (!row) throw new AppError("not_found", "Profile not found.");
  return { id: row.id, email: row.email, displayName: row.display_name };
}

export async function updateProfile(ctx: UserCtx, input: UpdateProfileInput): Promise<Me> {
  const row = await runAsUser(ctx.claims, (tx) =>
    tx
      .updateTable("profiles")
      .set({ display_name: input.displayName })
      .where("id", "=", ctx.claims.sub)
      .returning(["id", "email", "display_name"])
      .executeTakeFirst(),
  );
  if (!row) throw new AppError("not_found", "Profile not found.");
  return { id: row.id, email: row.email, displayName: row.display_name };
}

export async function listMySessions(ctx: UserCtx): Promise<AuthSessionInfo[]> {
  const rows = await runAsUser(ctx.claims, (tx) =>
    tx
      .selectFrom("auth_sessions")
      .select(["id", "created_at", "last_seen_at", "user_agent", "ip"])
      .where("user_id", "=", ctx.claims.sub)
      .where("revoked_at", "is", null)
      .orderBy("last_seen_at", "desc")
      .execute(),
  );
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    userAgent: r.user_agent,
    ip: r.ip,
    current: r.id === ctx.claims.session_id,
  }));
}
