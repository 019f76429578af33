import { sql } from "kysely";
import { inboxSecretHints } from "../channels/secrets";
import type { Tx } from "../db/rls";
import { roleAtLeast } from "../workspaces/roles";
import type { InboxChannel, InboxView } from "./schema";

/** Reads inboxes through the caller's RLS, with their actor's standing and (service path) secret hints. */
export async function readInboxes(tx: Tx, workspaceId: string, id?: string): Promise<InboxView[]> {
  let q = tx
    .selectFrom("inboxes as i")
    .leftJoin("workspace_members as m", (j) =>
      j.onRef("m.workspace_id", "=", "i.workspace_id").onRef("m.user_id", "=", "i.created_by"),
    )
    .select([
      "i.id",
      "i.name",
      "i.channel",
      "i.agent_id",
      "i.settings",
      "i.bot_enabled",
      "i.public_key",
      "i.created_by",
      "i.created_at",
      "m.role",
      sql<boolean>`i.webhook_token_hash is not null`.as("has_token"),
    ])
    .where("i.workspace_id", "=", workspaceId);
  if (id) q = q.where("i.id", "=", id);
  // The web inbox first, then by name.
  const rows = await q.orderBy(sql`i.channel = 'web'`, "desc").orderBy("i.name").orderBy("i.id").execute();
  const hints = await withServiceRole(tx, () =>
    inboxSecretHints(
      tx,
      workspaceId,
      rows.map((r) => r.id),
    ),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    channel: r.channel as InboxChannel,
    agentId: r.agent_id,
    settings: (r.settings ?? {}) as Record<string, unknown>,
    botEnabled: r.bot_enabled,
    publicKey: r.public_key,
    hasWebhookToken: r.has_token,
    secrets: hints.get(r.id) ?? {},
    actorId: r.created_by,
    actorProblem:
      r.channel === "web"
        ? null
        : !r.created_by
          ? "no_actor"
          : r.role && roleAtLeast(r.role, "member")
            ? null
            : "not_a_member",
    createdAt: r.created_at,
  }));
}

/**
 * Runs `fn` on the service role inside the caller's transaction, then goes
 * back to `authenticated`: an inbox's secrets (which members cannot read or
 * write) are stored and read in the same transaction as the inbox row the
 * caller's RLS allowed.
 */
export async function withServiceRole<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  await sql`select set_config('role', 'service_role', true)`.execute(tx);
  // No finally: after an error the transaction is rolled back, and a statement now would fail too.
  const out = await fn();
  await sql`select set_config('role', 'authenticated', true)`.execute(tx);
  return out;
}
