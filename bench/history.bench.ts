// Reading a conversation's last 50 messages out of 10M, through the app's
// query path (runAsUser: claims + SET LOCAL ROLE authenticated, RLS on)
// against the same query through runAsService (BYPASSRLS) in the same run.
// HISTORY_MESSAGES scales the seed down for a quick check (default 10M).
import { sql } from "kysely";
import { createDb } from "../lib/db/client";
import { type JwtClaims, runAsService, runAsUser, type Tx } from "../lib/db/rls";
import { startThrowawayDb } from "../lib/db/throwaway";
import { type Metric, writeResult } from "./lib/result";
import { type HistoryShape, seedHistory } from "./lib/seed-messages";
import { measure, type Summary, summarize } from "./lib/stats";

const MESSAGES = Number(process.env.HISTORY_MESSAGES ?? 10_000_000);
const QUERIES = 4_000; // per path and concurrency
const ROUNDS = 4; // the two paths alternate in rounds, so drift hits both alike

interface Target {
  id: string;
  workspaceId: string;
  claims: JwtClaims;
}

const lastFifty = (tx: Tx, t: Target) =>
  tx
    .selectFrom("messages")
    .select(["id", "conversation_id", "message_index", "role", "parts", "status", "error", "model"])
    .select(["agent_version", "input_tokens", "output_tokens", "cost", "created_at", "updated_at"])
    .where("workspace_id", "=", t.workspaceId)
    .where("conversation_id", "=", t.id)
    .orderBy("message_index", "desc")
    .limit(50)
    .execute();

export async function run(command: string) {
  const shape: HistoryShape = {
    workspaces: 1_000,
    conversations: 100_000,
    messages: MESSAGES,
    days: 85, // about three months: four month partitions take rows
  };
  const perConversation = Math.floor(shape.messages / shape.conversations);
  const server = await startThrowawayDb();
  const { db, pool } = createDb(server.url, 8);
  // pool.end() resolves before its sockets close, so the server's shutdown
  // (57P01) can still reach an idle connection; anything else is reported.
  pool.on("error", (e) => {
    if ((e as { code?: string }).code !== "57P01") console.warn(`idle connection: ${e.message}`);
  });
  try {
    console.log(`seeding ${shape.messages.toLocaleString("en")} messages…`);
    const seed = await seedHistory(server.url, shape);
    console.log(JSON.stringify(seed, null, 2));

    const targets: Target[] = (
      await sql<{ id: string; workspace_id: string; owner: string; email: string }>`
        select c.id, c.workspace_id, w.created_by as owner, u.email
        from public.conversations c join public.workspaces w on w.id = c.workspace_id
        join auth.users u on u.id = w.created_by order by random() limit 5000`.execute(db)
    ).rows.map((r) => ({
      id: r.id,
      workspaceId: r.workspace_id,
      claims: { sub: r.owner, role: "authenticated", email: r.email, aud: "authenticated" },
    }));
    const pick = () => targets[Math.floor(Math.random() * targets.length)] as Target;
    const expectRows = Math.min(50, perConversation);
    const check = (rows: unknown[]) => {
      if (rows.length !== expectRows) throw new Error(`expected ${expectRows} rows, got ${rows.length}`);
    };
    const asUser = async () => {
      const t = pick();
      check(await runAsUser(t.claims, (tx) => lastFifty(tx, t), db));
    };
    const asService = async () => {
      const t = pick();
      check(await runAsService("bench:history", (tx) => lastFifty(tx, t), db));
    };

    const plan = await runAsUser(
      (targets[0] as Target).claims,
      (tx) =>
        sql<{ "QUERY PLAN": string }>`explain (analyze, buffers, costs off)
          select * from public.messages where workspace_id = ${(targets[0] as Target).workspaceId}
          and conversation_id = ${(targets[0] as Target).id} order by message_index desc limit 50`.execute(
          tx,
        ),
      db,
    );
    console.log(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"));

    await measure(2_000, 8, asUser); // warm-up: pool, caches, JIT
    await measure(2_000, 8, asService);

    const metrics: Metric[] = [
      {
        name: `seed: ${shape.messages.toLocaleString("en")} messages, ${shape.conversations.toLocaleString("en")} conversations, ${shape.workspaces} workspaces in ${seed.totalSeconds} s (messages step ${seed.seconds.messages} s)`,
        unit: "ops/s",
        rate: Math.round(shape.messages / seed.totalSeconds),
      },
    ];
    for (const concurrency of [1, 8]) {
      const user: number[] = [];
      const service: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        service.push(...(await measure(QUERIES / ROUNDS, concurrency, asService)));
        user.push(...(await measure(QUERIES / ROUNDS, concurrency, asUser)));
      }
      const [u, s] = [summarize(user), summarize(service)];
      console.log(`concurrency ${concurrency}: user ${fmt(u)} | service ${fmt(s)}`);
      metrics.push({
        name: `last 50 messages via runAsUser (RLS), ${concurrency} concurrent, ${QUERIES} queries`,
        unit: "ms",
        p50: u.p50,
        p95: u.p95,
        p99: u.p99,
        baseline: { name: "same query via runAsService", p50: s.p50, p95: s.p95, p99: s.p99 },
        ratio: { p50: round(u.p50 / s.p50), p95: round(u.p95 / s.p95) },
        target: "p95 ≤ 2 ms, ratio ≤ 1.2",
      });
    }
    // Awaited here, not returned as a promise: `finally` must not stop the server mid-write.
    const result = await writeResult("history", command, metrics);
    return result;
  } finally {
    await db.destroy();
    await server.stop();
  }
}

const round = (v: number) => Math.round(v * 100) / 100;
const fmt = (s: Summary) => `p50 ${s.p50} p95 ${s.p95} p99 ${s.p99} ms`;
