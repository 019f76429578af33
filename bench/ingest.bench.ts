// Message ingest: single-row inserts through runAsUser, as the chat path
// writes them (a user turn, then the agent's reply), 8 concurrent writers for
// INGEST_SECONDS each (default 20). With every trigger on messages enabled
// (message_index from the conversation row, usage_daily upsert, and whatever
// else the migrations add), against the same runs with them disabled.
import { sql } from "kysely";
import pg from "pg";
import { createDb, type Database } from "../lib/db/client";
import { type JwtClaims, runAsService, runAsUser } from "../lib/db/rls";
import { startThrowawayDb } from "../lib/db/throwaway";
import { type Metric, writeResult } from "./lib/result";
import { summarize } from "./lib/stats";

const SECONDS = Number(process.env.INGEST_SECONDS ?? 20);
const WRITERS = 8;

interface Scope {
  workspaceId: string;
  agentId: string;
  claims: JwtClaims;
  conversations: string[];
}

/** `count` workspaces, each with a member, an agent and `conversations` conversations. */
async function setup(admin: pg.Client, count: number, conversations: number, tag: string): Promise<Scope[]> {
  const scopes: Scope[] = [];
  for (let w = 0; w < count; w++) {
    const q = async <T extends pg.QueryResultRow>(text: string, values: unknown[]) =>
      (await admin.query<T>(text, values)).rows[0] as T;
    const user = await q<{ id: string; email: string }>(
      "insert into auth.users (email) values ($1) returning id, email",
      [`writer-${tag}-${w}@bench.test`],
    );
    const ws = await q<{ id: string }>(
      "insert into public.workspaces (name, slug, created_by) values ($1, $1, $2) returning id",
      [`ingest-${tag}-${w}`, user.id],
    );
    await admin.query("insert into public.workspace_members values ($1, $2, 'owner')", [ws.id, user.id]);
    const agent = await q<{ id: string }>(
      "insert into public.agents (workspace_id, name) values ($1, 'Bench agent') returning id",
      [ws.id],
    );
    const { rows } = await admin.query<{ id: string }>(
      `insert into public.conversations (workspace_id, inbox_id, agent_id)
       select $1, i.id, $2 from public.inboxes i cross join generate_series(1, $3)
       where i.workspace_id = $1 and i.channel = 'web' returning id`,
      [ws.id, agent.id, conversations],
    );
    scopes.push({
      workspaceId: ws.id,
      agentId: agent.id,
      claims: { sub: user.id, role: "authenticated", email: user.email, aud: "authenticated" },
      conversations: rows.map((r) => r.id),
    });
  }
  return scopes;
}

/** One writer: insert after insert until the deadline, alternating user turns and replies. */
async function writer(db: Database, scope: Scope, conversation: string, deadline: number) {
  const ms: number[] = [];
  for (let i = 0; performance.now() < deadline; i++) {
    const reply = i % 2 === 1;
    const t0 = performance.now();
    const parts = JSON.stringify([{ type: "text", text: `bench message ${i}` }]);
    const base = {
      workspace_id: scope.workspaceId,
      conversation_id: conversation,
      parts,
      status: "complete" as const,
    };
    // A member inserts their own message; a reply with its usage is written on the service path.
    await (reply
      ? runAsService(
          "bench:reply",
          (tx) =>
            tx
              .insertInto("messages")
              .values({
                ...base,
                role: "assistant",
                agent_id: scope.agentId,
                model: "gpt-4o-mini",
                input_tokens: 400,
                output_tokens: 120,
                cost: "0.000132",
                latency_first_token_ms: 600,
                latency_total_ms: 2400,
              })
              .returning(["id", "message_index", "created_at"])
              .executeTakeFirstOrThrow(),
          db,
        )
      : runAsUser(
          scope.claims,
          (tx) =>
            tx
              .insertInto("messages")
              .values({ ...base, role: "user", created_by: scope.claims.sub })
              .returning(["id", "message_index", "created_at"])
              .executeTakeFirstOrThrow(),
          db,
        ));
    ms.push(performance.now() - t0);
  }
  return ms;
}

interface Variant {
  name: string;
  /** The conversation (and its scope) writer `i` uses. */
  lane(i: number): { scope: Scope; conversation: string };
}

async function runVariant(db: Database, v: Variant) {
  const deadline = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  const lanes = await Promise.all(
    Array.from({ length: WRITERS }, (_, i) => {
      const { scope, conversation } = v.lane(i);
      return writer(db, scope, conversation, deadline);
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const all = lanes.flat();
  return { rate: Math.round(all.length / elapsed), inserts: all.length, latency: summarize(all) };
}

/** message_index is 1..n in every conversation written with the triggers on (a cheap sanity check). */
async function checkIndexes(admin: pg.Client) {
  const { rows } = await admin.query<{ bad: number }>(
    `select count(*)::int as bad from (
       select conversation_id from public.messages where message_index > 0 group by 1
       having max(message_index) <> count(*) or count(distinct message_index) <> count(*)) x`,
  );
  if (rows[0]?.bad) throw new Error(`${rows[0].bad} conversation(s) with a gap or duplicate message_index`);
}

export async function run(command: string) {
  const server = await startThrowawayDb();
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const { db, pool } = createDb(server.url, WRITERS);
  // pool.end() resolves before its sockets close, so the server's shutdown
  // (57P01) can still reach an idle connection; anything else is reported.
  pool.on("error", (e) => {
    if ((e as { code?: string }).code !== "57P01") console.warn(`idle connection: ${e.message}`);
  });
  try {
    const [one] = await setup(admin, 1, WRITERS + 2, "one");
    const many = await setup(admin, WRITERS, 1, "many");
    if (!one) throw new Error("setup failed");
    const triggers = (
      await admin.query<{ tgname: string }>(
        "select tgname from pg_trigger where tgrelid = 'public.messages'::regclass and not tgisinternal order by 1",
      )
    ).rows.map((r) => r.tgname);
    console.log(`triggers on messages: ${triggers.join(", ")}`);

    const variants: Variant[] = [
      {
        name: "8 writers, own conversation each, one workspace",
        lane: (i) => ({ scope: one, conversation: one.conversations[i] as string }),
      },
      {
        name: "8 writers, 2 shared conversations, one workspace",
        lane: (i) => ({ scope: one, conversation: one.conversations[WRITERS + (i % 2)] as string }),
      },
      {
        name: "8 writers, own conversation each, own workspace each",
        lane: (i) => {
          const scope = many[i] as Scope;
          return { scope, conversation: scope.conversations[0] as string };
        },
      },
    ];
    // Warm-up: connections, plans, caches.
    await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        writer(db, one, one.conversations[i] as string, performance.now() + 2000),
      ),
    );

    const metrics: Metric[] = [];
    for (const v of variants) {
      const on = await runVariant(db, v);
      await checkIndexes(admin);
      await admin.query("alter table public.messages disable trigger user");
      const off = await runVariant(db, v);
      await admin.query("alter table public.messages enable trigger user");
      const l = on.latency;
      console.log(`${v.name}: ${on.rate}/s (p50 ${l.p50} p95 ${l.p95} ms) vs triggers off ${off.rate}/s`);
      metrics.push({
        name: `${v.name}: inserts/s, ${SECONDS} s, triggers on (${triggers.join(", ")}); p50/p95/p99 ms per insert`,
        unit: "ops/s",
        rate: on.rate,
        p50: l.p50,
        p95: l.p95,
        p99: l.p99,
        baseline: {
          name: "same with the user triggers on messages disabled",
          rate: off.rate,
          p50: off.latency.p50,
          p95: off.latency.p95,
          p99: off.latency.p99,
        },
        ratio: { rate: Math.round((on.rate / off.rate) * 100) / 100 },
        target: "≥ 2,000 messages/s",
      });
    }
    // Every message written with the triggers on is counted once in usage_daily.
    const { rows } = await sql<{ usage: string; counted: string }>`
      select (select coalesce(sum(messages), 0) from public.usage_daily)::text as usage,
             (select count(*) from public.messages where message_index > 0)::text as counted`.execute(db);
    console.log(`usage_daily: ${rows[0]?.usage} messages; indexed messages: ${rows[0]?.counted}`);
    if (rows[0]?.usage !== rows[0]?.counted) throw new Error("usage_daily does not match the messages");
    // Awaited here, not returned as a promise: `finally` must not stop the server mid-write.
    const result = await writeResult("ingest", command, metrics);
    return result;
  } finally {
    await db.destroy();
    await admin.end();
    await server.stop();
  }
}
