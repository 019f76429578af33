import { sql } from "kysely";
import type { Database } from "@/lib/db/client";
import type { Tx } from "@/lib/db/rls";
import {
  asService,
  asUser,
  attempt,
  type Outcome,
  pgCode,
  type SeedUser,
  type SeedWorkspace,
  uniq,
} from "./workspace-kit";

// Chat data for a seeded workspace, written the way the app writes it: each
// row by the least role allowed to write it, through runAsUser.

export interface ChatIds {
  connectionId: string;
  agentId: string;
  webInboxId: string;
  apiInboxId: string;
  conversationId: string;
  messageIds: string[];
  modelPriceId: string;
}

export type ChatWorkspace = SeedWorkspace & { chat: ChatIds };

/** Columns `authenticated` may read on provider_connections (everything but the key). */
export const CONNECTION_COLUMNS = [
  "id",
  "workspace_id",
  "provider",
  "name",
  "base_url",
  "models",
  "api_key_hint",
  "created_by",
  "created_at",
  "updated_at",
] as const;

export const CIPHERTEXT = "v1:test:aXY:dGFn:Y2lwaGVydGV4dA";

export async function seedChat(db: Database, ws: SeedWorkspace): Promise<ChatWorkspace> {
  const { owner, admin, member } = ws.users;
  const connectionId = await asUser(db, admin, (tx) =>
    tx
      .insertInto("provider_connections")
      .values({
        workspace_id: ws.id,
        provider: "openai",
        name: `Primary ${uniq()}`,
        models: ["gpt-4o"],
        api_key_ciphertext: CIPHERTEXT,
        api_key_hint: "…abcd",
        created_by: admin.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
      .then((r) => r.id),
  );
  const agentId = await asUser(db, member, (tx) =>
    tx
      .insertInto("agents")
      .values({
        workspace_id: ws.id,
        name: "Support bot",
        provider_connection_id: connectionId,
        model: "gpt-4o",
        created_by: member.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
      .then((r) => r.id),
  );
  const apiInboxId = await asUser(db, admin, (tx) =>
    tx
      .insertInto("inboxes")
      .values({ workspace_id: ws.id, name: "API", channel: "api" })
      .returning("id")
      .executeTakeFirstOrThrow()
      .then((r) => r.id),
  );
  const webInboxId = await webInbox(db, owner, ws.id);
  const conversationId = await newConversation(db, member, ws.id, webInboxId, agentId);
  const messageIds: string[] = [];
  const question = await insertMessage(db, member, {
    workspace_id: ws.id,
    conversation_id: conversationId,
    role: "user",
  });
  // The reply with its output and usage: the server's to write.
  const reply = await insertServiceMessage(db, {
    workspace_id: ws.id,
    conversation_id: conversationId,
    role: "assistant",
    parts: JSON.stringify([{ type: "text", text: `hello ${uniq()}` }]),
    agent_id: agentId,
    input_tokens: 12,
    output_tokens: 34,
    cost: "0.001",
    latency_first_token_ms: 420,
  });
  messageIds.push(question.id, reply.id);
  const modelPriceId = await asUser(db, admin, (tx) =>
    tx
      .insertInto("model_prices")
      .values({
        workspace_id: ws.id,
        provider: "openai",
        model: "gpt-4o",
        input_per_million: "1.5",
        output_per_million: "6",
      })
      .returning("id")
      .executeTakeFirstOrThrow()
      .then((r) => r.id),
  );
  await asService(db, (tx) => sql`select private.refresh_usage_monthly()`.execute(tx));
  return {
    ...ws,
    chat: { connectionId, agentId, webInboxId, apiInboxId, conversationId, messageIds, modelPriceId },
  };
}

export async function webInbox(db: Database, user: SeedUser, workspaceId: string): Promise<string> {
  const row = await asUser(db, user, (tx) =>
    tx
      .selectFrom("inboxes")
      .select("id")
      .where("workspace_id", "=", workspaceId)
      .where("channel", "=", "web")
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

/** A new conversation through the app's function, as `user`. */
export async function newConversation(
  db: Database,
  user: SeedUser,
  workspaceId: string,
  inboxId: string,
  agentId: string | null = null,
): Promise<string> {
  const { rows } = await asUser(db, user, (tx) =>
    sql<{ id: string }>`select id from public.get_or_create_conversation(
      ${workspaceId}::uuid, ${inboxId}::uuid, ${agentId}::uuid, ${`ext-${uniq()}`}, 'Contact')`.execute(tx),
  );
  const id = rows[0]?.id;
  if (!id) throw new Error("get_or_create_conversation returned no row");
  return id;
}

export interface MessageInput {
  workspace_id: string;
  conversation_id: string;
  role: "user" | "assistant" | "system" | "tool";
  /** JSON; by default a text part for a user message, none for the others (a reply's placeholder). */
  parts?: string;
  agent_id?: string | null;
  input_tokens?: number;
  output_tokens?: number;
  cost?: string;
  latency_first_token_ms?: number | null;
  latency_total_ms?: number | null;
  status?: "pending" | "streaming" | "complete" | "error";
  created_at?: Date;
}

export interface StoredMessage {
  id: string;
  message_index: number;
  created_at: Date;
  partition: string;
}

/** A user message is in its author's name (when there is one); the others in no one's, as the chat path writes them. */
export const insertMessageTx = (tx: Tx, user: SeedUser | null, m: MessageInput) =>
  tx
    .insertInto("messages")
    .values({
      parts: m.role === "user" ? JSON.stringify([{ type: "text", text: `hello ${uniq()}` }]) : "[]",
      created_by: m.role === "user" ? user?.id : undefined,
      ...m,
    })
    .returning(["id", "message_index", "created_at", sql<string>`tableoid::regclass::text`.as("partition")])
    .executeTakeFirstOrThrow();

/**
 * One message in its own transaction as `user`, through RLS: what the chat path
 * inserts as a member (their text message, or a reply's empty 'streaming'
 * placeholder; no usage, no created_at).
 */
export function insertMessage(db: Database, user: SeedUser, m: MessageInput): Promise<StoredMessage> {
  return asUser(db, user, (tx) => insertMessageTx(tx, user, m));
}

/**
 * One message on the service path, as the server writes what members may not:
 * a reply with its output and usage, a system or tool message, a dated row.
 * `author` is the user a user message is from.
 */
export function insertServiceMessage(
  db: Database,
  m: MessageInput,
  author: SeedUser | null = null,
): Promise<StoredMessage> {
  return asService(db, (tx) => insertMessageTx(tx, author, m));
}

/**
 * `n` transactions as `user` (null: on the service path), all open before any of them writes; each holds
 * its locks a little after `body`, so writers of the same row must queue
 * behind each other. `db` needs a pool of at least `n`. Returns each body's
 * result and how long the body took (ms), which shows the queueing.
 */
export async function inFlight<T>(
  db: Database,
  user: SeedUser | null,
  n: number,
  body: (tx: Tx, i: number) => Promise<T>,
): Promise<{ result: T; ms: number }[]> {
  const each = Array.from({ length: n }, (_, i) => i);
  await Promise.all(each.map(() => sql`select pg_sleep(0.01)`.execute(db))); // open n connections
  return Promise.all(
    each.map((i) => {
      const run = async (tx: Tx) => {
        await sql`select pg_sleep(0.05)`.execute(tx);
        const t0 = performance.now();
        const result = await body(tx, i);
        const ms = performance.now() - t0;
        await sql`select pg_sleep(0.005)`.execute(tx);
        return { result, ms };
      };
      return user ? asUser(db, user, run) : asService(db, run);
    }),
  );
}

/** Sentinel that carries a statement's result out of a transaction it rolls back. */
class Rollback extends Error {
  constructor(readonly result: { rows: unknown[]; numAffectedRows?: bigint }) {
    super("rollback");
  }
}

/** Like `attempt`, but the statement's transaction is always rolled back: the seed stays intact. */
export function attemptRolledBack(
  db: Database,
  user: SeedUser,
  run: (tx: Tx) => Promise<{ rows: unknown[]; numAffectedRows?: bigint }>,
): Promise<Outcome> {
  return attempt(async () => {
    try {
      await asUser(db, user, async (tx) => {
        throw new Rollback(await run(tx));
      });
    } catch (e) {
      if (e instanceof Rollback) return e.result;
      throw e;
    }
    throw new Error("unreachable: the transaction always throws");
  });
}

/** The SQLSTATE a statement failed with, or "ok". */
export async function sqlState(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "ok";
  } catch (e) {
    const code = pgCode(e);
    if (!code) throw e;
    return code;
  }
}
