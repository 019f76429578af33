import { type RawBuilder, sql } from "kysely";
import type { Tx } from "@/lib/db/rls";
import { type ChatWorkspace, CONNECTION_COLUMNS } from "./chat-kit";
import type { Operation } from "./matrix-cases";
import { type Outcome, type Role, type SeedUser, uniq } from "./workspace-kit";

/** 0 rows read or touched */
export const EMPTY: Outcome = { kind: "rows", count: 0 };
/** SQLSTATE 42501: no privilege on the table, or the row fails an RLS check */
export const DENIED: Outcome = { kind: "denied", code: "42501" };

type Write = Exclude<Operation, "select">;
/** The least role that may do a write inside its own workspace, or "nobody" (no privilege at all). */
type MinRole = Role | "nobody";

export interface ChatTableCase {
  table: string;
  /** SELECT list: provider_connections must leave out the encrypted key. */
  columns: RawBuilder<unknown>;
  /** `set ...` clause of the UPDATE attempt; only columns `authenticated` may update. */
  set: RawBuilder<unknown>;
  /** A valid new row for workspace `ws`, written by `actor`. */
  insert(ws: ChatWorkspace, actor: SeedUser): RawBuilder<unknown>;
  writes: Record<Write, MinRole>;
}

const byWorkspace = (ws: ChatWorkspace) => sql<boolean>`workspace_id = ${ws.id}::uuid`;
const all = sql`*`;

export const CHAT_TABLE_CASES: ChatTableCase[] = [
  {
    table: "provider_connections",
    columns: sql.join(CONNECTION_COLUMNS.map((c) => sql.ref(c))),
    set: sql`name = ${`pwned ${uniq()}`}`,
    insert: (ws, actor) => sql`insert into public.provider_connections
      (workspace_id, provider, name, api_key_ciphertext, created_by)
      values (${ws.id}::uuid, 'anthropic', ${`forged ${uniq()}`}, 'v1:x', ${actor.id}::uuid)`,
    writes: { insert: "admin", update: "admin", delete: "admin" },
  },
  {
    table: "agents",
    columns: all,
    set: sql`instructions = 'pwned'`,
    insert: (ws, actor) => sql`insert into public.agents (workspace_id, name, created_by)
      values (${ws.id}::uuid, 'forged', ${actor.id}::uuid)`,
    writes: { insert: "member", update: "member", delete: "admin" },
  },
  {
    table: "agent_versions",
    columns: all,
    set: sql`config = '{}'::jsonb`,
    insert: (
      ws,
      actor,
    ) => sql`insert into public.agent_versions (workspace_id, agent_id, version, config, created_by)
      values (${ws.id}::uuid, ${ws.chat.agentId}::uuid, 99, '{}'::jsonb, ${actor.id}::uuid)`,
    writes: { insert: "nobody", update: "nobody", delete: "nobody" },
  },
  {
    table: "inboxes",
    columns: all,
    set: sql`name = 'pwned'`,
    insert: (ws) => sql`insert into public.inboxes (workspace_id, name, channel)
      values (${ws.id}::uuid, 'forged', 'chatwoot')`,
    writes: { insert: "admin", update: "admin", delete: "admin" },
  },
  {
    table: "conversations",
    columns: all,
    set: sql`title = 'pwned', status = 'closed'`,
    insert: (ws, actor) => sql`insert into public.conversations (workspace_id, inbox_id, agent_id, created_by)
      values (${ws.id}::uuid, ${ws.chat.webInboxId}::uuid, ${ws.chat.agentId}::uuid, ${actor.id}::uuid)`,
    writes: { insert: "member", update: "member", delete: "admin" },
  },
  {
    table: "messages",
    columns: all,
    // The one update a member may make (stopping a reply); output and usage are the server's
    // (db-hardening.integration.test.ts).
    set: sql`status = 'stopped'`,
    // The index trigger finds the conversation (it runs as definer); RLS must still refuse.
    insert: (
      ws,
      actor,
    ) => sql`insert into public.messages (workspace_id, conversation_id, role, parts, created_by)
      values (${ws.id}::uuid, ${ws.chat.conversationId}::uuid, 'user', '[{"type":"text","text":"forged"}]',
              ${actor.id}::uuid)`,
    writes: { insert: "member", update: "member", delete: "nobody" },
  },
  {
    table: "model_prices",
    columns: all,
    set: sql`input_per_million = 0, output_per_million = 0`,
    insert: (
      ws,
    ) => sql`insert into public.model_prices (workspace_id, provider, model, input_per_million, output_per_million)
      values (${ws.id}::uuid, 'openai', ${`forged-${uniq()}`}, 0, 0)`,
    writes: { insert: "admin", update: "admin", delete: "admin" },
  },
  {
    table: "usage_daily",
    columns: all,
    set: sql`messages = 0, cost = 0`,
    insert: (ws) => sql`insert into public.usage_daily (workspace_id, day, messages)
      values (${ws.id}::uuid, current_date - 400, 1000)`,
    writes: { insert: "nobody", update: "nobody", delete: "nobody" },
  },
  {
    table: "usage_monthly",
    columns: all,
    set: sql`messages = 0, cost = 0`,
    insert: (ws) => sql`insert into public.usage_monthly (workspace_id, month, messages, input_tokens,
      output_tokens, cost, errors) values (${ws.id}::uuid, '2001-01-01', 1, 0, 0, 0, 0)`,
    writes: { insert: "nobody", update: "nobody", delete: "nobody" },
  },
];

/** The statement `actor` runs against the rows of workspace `ws` (its own or another). */
export function chatStatement(
  c: ChatTableCase,
  op: Operation,
  ws: ChatWorkspace,
  actor: SeedUser,
): RawBuilder<unknown> {
  const t = sql.table(`public.${c.table}`);
  switch (op) {
    case "select":
      return sql`select ${c.columns} from ${t} where ${byWorkspace(ws)}`;
    case "insert":
      return c.insert(ws, actor);
    case "update":
      return sql`update ${t} set ${c.set} where ${byWorkspace(ws)}`;
    case "delete":
      return sql`delete from ${t} where ${byWorkspace(ws)}`;
  }
}

const RANK: Record<Role, number> = { viewer: 1, member: 2, admin: 3, owner: 4 };

/** What an attacker from another workspace gets: nothing to read, nothing written. */
export function expectedAcross(c: ChatTableCase, op: Operation): Outcome {
  if (op === "select") return EMPTY;
  if (op === "insert" || c.writes[op] === "nobody") return DENIED;
  return EMPTY; // the row is invisible to the USING clause: 0 rows, not an error
}

/** What `role` gets on its own workspace's rows (`own` = how many there are). */
export function expectedWithin(c: ChatTableCase, op: Operation, role: Role, own: number): Outcome {
  if (op === "select") return { kind: "rows", count: own };
  const min = c.writes[op];
  if (min === "nobody") return DENIED;
  if (RANK[role] >= RANK[min]) return { kind: "rows", count: op === "insert" ? 1 : own };
  return op === "insert" ? DENIED : EMPTY;
}

/** Every row of `ws` in the table, as the service path sees it: the before/after evidence. */
export async function chatSnapshot(tx: Tx, c: ChatTableCase, ws: ChatWorkspace): Promise<unknown[]> {
  const { rows } = await sql<{ snap: unknown[] }>`
    select coalesce(jsonb_agg(to_jsonb(t) order by t::text), '[]'::jsonb) as snap
    from ${sql.table(`public.${c.table}`)} t where ${byWorkspace(ws)}`.execute(tx);
  return rows[0]?.snap ?? [];
}
