import { runAsUser } from "../db/rls";
import type { WorkspaceScope } from "../workspaces";
import type { AuditEntry, AuditPage, AuditQuery } from "./schema";

/** Newest first; the cursor is the last id seen, so pages stay stable while new rows arrive. */
export async function listAuditLog(ctx: WorkspaceScope, q: AuditQuery): Promise<AuditPage> {
  const rows = await runAsUser(ctx.claims, (tx) => {
    let query = tx
      .selectFrom("audit_log as a")
      .leftJoin("profiles as p", "p.id", "a.actor_id")
      .select([
        "a.id",
        "a.action",
        "a.target_type",
        "a.target_id",
        "a.details",
        "a.created_at",
        "a.actor_id",
        "p.email",
        "p.display_name",
      ])
      .where("a.workspace_id", "=", ctx.workspaceId)
      .orderBy("a.id", "desc")
      .limit(q.limit + 1);
    if (q.cursor) query = query.where("a.id", "<", q.cursor);
    return query.execute();
  });
  const page = rows.slice(0, q.limit);
  const entries: AuditEntry[] = page.map((r) => ({
    id: String(r.id),
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    details: r.details,
    createdAt: r.created_at,
    actor: r.actor_id ? { id: r.actor_id, email: r.email ?? "", displayName: r.display_name } : null,
  }));
  return { entries, nextCursor: rows.length > q.limit ? (entries.at(-1)?.id ?? null) : null };
}
