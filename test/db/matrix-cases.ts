import { type RawBuilder, sql } from "kysely";
import type { Tx } from "@/lib/db/rls";
import { type Outcome, type SeedUser, type SeedWorkspace, sha256Hex, uniq } from "./workspace-kit";

export const OPERATIONS = ["select", "insert", "update", "delete"] as const;
export type Operation = (typeof OPERATIONS)[number];

/** 0 rows read or touched */
const EMPTY: Outcome = { kind: "rows", count: 0 };
/** SQLSTATE 42501: no privilege on the table, or the row fails an RLS check */
const DENIED: Outcome = { kind: "denied", code: "42501" };

export interface TableCase {
  table: string;
  /** Predicate matching every row that belongs to workspace `b` or its users. */
  ofB(b: SeedWorkspace): RawBuilder<boolean>;
  /** `set ...` clause for the UPDATE attempt. */
  set: RawBuilder<unknown>;
  /** A row that targets `b` (its workspace id or its users' ids), inserted by `actor`. */
  insert(b: SeedWorkspace, actor: SeedUser): RawBuilder<unknown>;
  /** What the attacker must get, per operation: the same for every role of the other workspace. */
  expected: Record<Operation, Outcome>;
}

const userIds = (b: SeedWorkspace) => Object.values(b.users).map((u) => u.id);
const byUser = (b: SeedWorkspace) => sql<boolean>`user_id = any(${userIds(b)}::uuid[])`;
const byWorkspace = (b: SeedWorkspace) => sql<boolean>`workspace_id = ${b.id}::uuid`;
const tomorrow = sql`now() + interval '1 day'`;

export const TABLE_CASES: TableCase[] = [
  {
    table: "workspaces",
    ofB: (b) => sql<boolean>`id = ${b.id}::uuid or created_by = any(${userIds(b)}::uuid[])`,
    set: sql`name = 'pwned'`,
    insert: (b) => sql`insert into public.workspaces (name, slug, created_by)
      values ('forged', ${`forged-${uniq()}`}, ${b.users.owner.id}::uuid)`,
    expected: { select: EMPTY, insert: DENIED, update: EMPTY, delete: EMPTY },
  },
  {
    table: "workspace_members",
    ofB: byWorkspace,
    set: sql`role = 'viewer'`,
    insert: (b, actor) => sql`insert into public.workspace_members (workspace_id, user_id, role)
      values (${b.id}::uuid, ${actor.id}::uuid, 'owner')`,
    expected: { select: EMPTY, insert: DENIED, update: EMPTY, delete: EMPTY },
  },
  {
    table: "invitations",
    ofB: byWorkspace,
    set: sql`expires_at = now() + interval '99 days'`,
    // invited_by is the caller, so only the workspace half of the policy can refuse it.
    insert: (
      b,
      actor,
    ) => sql`insert into public.invitations (workspace_id, email, role, token_hash, invited_by)
      values (${b.id}::uuid, ${`forged-${uniq()}@attacker.test`}, 'admin', ${sha256Hex(uniq())}, ${actor.id}::uuid)`,
    expected: { select: EMPTY, insert: DENIED, update: EMPTY, delete: EMPTY },
  },
  {
    table: "profiles",
    ofB: (b) => sql<boolean>`id = any(${userIds(b)}::uuid[])`,
    set: sql`display_name = 'pwned'`,
    insert: (b) => sql`insert into public.profiles (id, email) values (${b.users.member.id}::uuid, 'forged')`,
    expected: { select: EMPTY, insert: DENIED, update: EMPTY, delete: DENIED },
  },
  {
    table: "audit_log",
    ofB: byWorkspace,
    set: sql`action = 'pwned'`,
    insert: (b) => sql`insert into public.audit_log (workspace_id, actor_id, action, target_type)
      values (${b.id}::uuid, ${b.users.owner.id}::uuid, 'forged', 'workspace')`,
    expected: { select: EMPTY, insert: DENIED, update: DENIED, delete: DENIED },
  },
  {
    table: "auth_sessions",
    ofB: byUser,
    set: sql`revoked_at = now()`,
    insert: (b) =>
      sql`insert into public.auth_sessions (user_id, user_agent) values (${b.users.owner.id}::uuid, 'forged')`,
    expected: { select: EMPTY, insert: DENIED, update: DENIED, delete: DENIED },
  },
  {
    table: "auth_refresh_tokens",
    ofB: byUser,
    set: sql`used_at = now()`,
    insert: (b) => sql`insert into public.auth_refresh_tokens (session_id, user_id, token_hash, expires_at)
      values (${b.sessions.owner}::uuid, ${b.users.owner.id}::uuid, ${sha256Hex(uniq())}, ${tomorrow})`,
    expected: { select: DENIED, insert: DENIED, update: DENIED, delete: DENIED },
  },
  {
    table: "password_resets",
    ofB: byUser,
    set: sql`used_at = now()`,
    insert: (b) => sql`insert into public.password_resets (user_id, token_hash, expires_at)
      values (${b.users.owner.id}::uuid, ${sha256Hex(uniq())}, ${tomorrow})`,
    expected: { select: DENIED, insert: DENIED, update: DENIED, delete: DENIED },
  },
];

/** The statement an attacker from another workspace runs against `b`'s rows. */
export function attackStatement(
  c: TableCase,
  op: Operation,
  b: SeedWorkspace,
  actor: SeedUser,
): RawBuilder<unknown> {
  const t = sql.table(`public.${c.table}`);
  switch (op) {
    case "select":
      return sql`select * from ${t} where ${c.ofB(b)}`;
    case "insert":
      return c.insert(b, actor);
    case "update":
      return sql`update ${t} set ${c.set} where ${c.ofB(b)}`;
    case "delete":
      return sql`delete from ${t} where ${c.ofB(b)}`;
  }
}

/** Every row of `b` in the table, as the service path sees it: the before/after evidence. */
export async function snapshotOfB(tx: Tx, c: TableCase, b: SeedWorkspace): Promise<unknown[]> {
  const { rows } = await sql<{ snap: unknown[] }>`
    select coalesce(jsonb_agg(to_jsonb(t) order by t::text), '[]'::jsonb) as snap
    from ${sql.table(`public.${c.table}`)} t where ${c.ofB(b)}`.execute(tx);
  return rows[0]?.snap ?? [];
}
