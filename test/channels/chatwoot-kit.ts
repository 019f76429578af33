import type { AddressInfo } from "node:net";
import type { Runner } from "graphile-worker";
import { sql } from "kysely";
import type { Database } from "@/lib/db/client";
import { getDb } from "@/lib/db/client";
import { startWorker } from "@/lib/worker";
import { createAppServer } from "@/server/app-server";
import { directRoutes } from "@/server/direct-routes";
import { type ChatwootFake, startChatwootFake } from "../fakes/chatwoot-fake";
import type { FakeConversationState } from "../fakes/chatwoot-fake-payloads";
import { postChatwootWebhook } from "../fakes/chatwoot-fake-payloads";
import { ensureQueueSchema } from "../flows/triggers-kit";

// The Chatwoot path end to end on real parts: the production app server's
// direct routes over HTTP, the embedded PostgreSQL, an in-process worker running
// the channel tasks, and the wire-format Chatwoot fake.

export interface ChatwootStack {
  db: Database;
  fake: ChatwootFake;
  base: string;
  worker: Runner;
  stop(): Promise<void>;
}

export async function startChatwootStack(): Promise<ChatwootStack> {
  const url = process.env.DATABASE_URL as string;
  await ensureQueueSchema(url);
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  const db = getDb();
  const fake = await startChatwootFake();
  const server = createAppServer({
    routes: directRoutes(() => undefined),
    next: async (_req, res) => {
      res.statusCode = 599;
      res.end();
    },
    headers: [],
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const worker = await startWorker({ connectionString: url, db, concurrency: 4 });
  return {
    db,
    fake,
    base,
    worker,
    async stop() {
      await worker.stop();
      await fake.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export const webhookUrl = (base: string, token: string) => `${base}/api/channels/chatwoot/${token}`;

export function post(
  base: string,
  token: string,
  payload: unknown,
  o: Parameters<typeof postChatwootWebhook>[2] = {},
): Promise<Response> {
  return postChatwootWebhook(webhookUrl(base, token), payload, o);
}

export async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

export function conversationOf(db: Database, inboxId: string, ref: string) {
  return db
    .selectFrom("conversations")
    .select(["id", "handled_by", "handoff_reason", "tags", "unread_count", "contact_ref", "contact_name"])
    .where("inbox_id", "=", inboxId)
    .where("external_ref", "=", ref)
    .executeTakeFirst();
}

export async function messagesOf(db: Database, conversationId: string) {
  const rows = await db
    .selectFrom("messages")
    .select(["id", "role", "parts", "message_index", "created_by"])
    .where("conversation_id", "=", conversationId)
    .orderBy("message_index")
    .execute();
  return rows.map((r) => ({
    ...r,
    text: ((r.parts ?? []) as { type: string; text?: string }[])
      .filter((p) => p.type === "text")
      .map((p) => p.text)
      .join(""),
  }));
}

export function deliveriesOf(db: Database, conversationId: string) {
  return db
    .selectFrom("channel_deliveries")
    .select(["id", "kind", "status", "attempts", "last_error", "external_id", "payload", "message_id"])
    .where("conversation_id", "=", conversationId)
    .orderBy("created_at")
    .execute();
}

/**
 * Time travel for the retry backoff: the channel's queued jobs run now (graphile
 * picks them up on the insert notification instead of its next poll).
 */
export async function runDueRetriesNow(db: Database): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with u as (
      update graphile_worker._private_jobs j set run_at = now()
        from graphile_worker._private_tasks t
       where t.id = j.task_id and t.identifier in ('channel_deliver', 'channel_reply')
         and j.locked_at is null and j.run_at > now()
      returning j.id)
    select count(*)::int as n from u`.execute(db);
  const n = rows[0]?.n ?? 0;
  if (n > 0) await sql`select pg_notify('jobs:insert', ${JSON.stringify({ count: n })})`.execute(db);
  return n;
}

/** Polls `check` (async) until it holds; `tick` runs between polls (e.g. runDueRetriesNow). */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  o: { timeoutMs?: number; what?: string; tick?: () => Promise<unknown> } = {},
): Promise<T> {
  const deadline = Date.now() + (o.timeoutMs ?? 15_000);
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${o.what ?? "the condition"}`);
    await o.tick?.();
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const at = (fake: ChatwootFake) => ({ accountId: fake.accountId, inboxId: fake.inboxId });

let nextConversation = 100;
/** A fresh Chatwoot conversation (the fake knows it: its API answers for it). */
export function newConversation(fake: ChatwootFake): FakeConversationState & { messages: unknown[] } {
  return fake.conversation(++nextConversation);
}
