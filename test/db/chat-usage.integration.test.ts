import { sql, type Updateable } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Database } from "@/lib/db/client";
import type { Tx } from "@/lib/db/rls";
import type { Messages } from "@/lib/db/types";
import { inFlight, insertMessageTx, insertServiceMessage, newConversation, webInbox } from "./chat-kit";
import {
  asService,
  asUser,
  databaseUrlFromEnv,
  openDb,
  type SeedWorkspace,
  seedWorkspace,
} from "./workspace-kit";

// usage_daily is kept by a trigger on every message write; usage_monthly by
// private.refresh_usage_monthly(). Each test has its own workspace, so the
// totals it checks are exactly its own.

let db: Database;
let burst: Database;

beforeAll(() => {
  db = openDb();
  burst = createDb(databaseUrlFromEnv(), 42).db;
});

afterAll(async () => {
  await burst?.destroy();
  await db?.destroy();
});

interface Setup {
  ws: SeedWorkspace;
  agentId: string;
  inboxId: string;
  conversations: string[];
}

async function setup(label: string, conversations = 1): Promise<Setup> {
  const ws = await seedWorkspace(db, label);
  const { member } = ws.users;
  const agent = await asUser(db, member, (tx) =>
    tx
      .insertInto("agents")
      .values({ workspace_id: ws.id, name: "Counter", created_by: member.id })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  const inboxId = await webInbox(db, member, ws.id);
  const convs: string[] = [];
  for (let i = 0; i < conversations; i++)
    convs.push(await newConversation(db, member, ws.id, inboxId, agent.id));
  return { ws, agentId: agent.id, inboxId, conversations: convs };
}

/**
 * usage_daily of a workspace as its viewer reads them (through RLS), one row per
 * (day, inbox, agent): the shards a busy key is split into are summed, as every reader does.
 */
function usage(s: Setup) {
  return asUser(db, s.ws.users.viewer, (tx) =>
    sql<Record<string, unknown>>`
      select day::text, inbox_id, agent_id, sum(messages)::int as messages,
        sum(user_messages)::int as user_messages, sum(assistant_messages)::int as assistant_messages,
        sum(input_tokens)::int as input_tokens, sum(output_tokens)::int as output_tokens,
        sum(cost)::text as cost, sum(errors)::int as errors,
        sum(latency_total_ms_sum)::int as latency_total_ms_sum, sum(latency_count)::int as latency_count,
        (select array_agg(t.v order by t.i) from (
           select h.i, sum(h.x)::int as v
           from public.usage_daily u2, unnest(u2.ttft_histogram) with ordinality as h(x, i)
           where u2.workspace_id = u.workspace_id and u2.day = u.day
             and u2.inbox_id is not distinct from u.inbox_id and u2.agent_id is not distinct from u.agent_id
           group by h.i) t) as ttft_histogram
      from public.usage_daily u where workspace_id = ${s.ws.id}::uuid
      group by workspace_id, day, inbox_id, agent_id
      order by day, agent_id nulls first`
      .execute(tx)
      .then((r) => r.rows),
  );
}

const hist = (counts: Record<number, number>) => Array.from({ length: 15 }, (_, i) => counts[i + 1] ?? 0);

function noonUtc(monthsBack = 0): Date {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - monthsBack, monthsBack === 0 ? d.getUTCDate() : 1);
  d.setUTCHours(12, 0, 0, 0);
  return d;
}

describe("usage_daily", () => {
  it("has exact totals after inserts and the updates that finish a reply", async () => {
    const s = await setup("usage-exact");
    const { member } = s.ws.users;
    // Dated at noon so every row counts on one day; dated rows, replies with usage and system
    // messages are the service path's to insert (messages-insert-lock.integration.test.ts).
    const at = noonUtc();
    const base = { workspace_id: s.ws.id, conversation_id: s.conversations[0] ?? "", created_at: at };
    const reply = { ...base, role: "assistant" as const, agent_id: s.agentId };
    const update = (id: string, set: Updateable<Messages>) =>
      // As the chat path finishes a reply: on the service path (members may not write usage).
      asService(db, (tx: Tx) => tx.updateTable("messages").set(set).where("id", "=", id).execute());

    await insertServiceMessage(db, { ...base, role: "user" }, member);
    const streaming = await insertServiceMessage(db, { ...reply, status: "streaming" });
    await update(streaming.id, {
      input_tokens: 120,
      output_tokens: 80,
      cost: "0.012345",
      latency_first_token_ms: 150,
      latency_total_ms: 900,
      status: "complete",
    });
    const quick = await insertServiceMessage(db, {
      ...reply,
      input_tokens: 10,
      output_tokens: 5,
      cost: "0.0001",
      latency_first_token_ms: 100,
      latency_total_ms: 100,
    });
    const failed = await insertServiceMessage(db, {
      ...reply,
      status: "error",
      latency_first_token_ms: 99_999,
    });
    await update(failed.id, { parts: JSON.stringify([{ type: "text", text: "edited" }]) }); // no usage change
    await update(failed.id, { latency_first_token_ms: 5 }); // already counted: no second bucket
    await update(failed.id, { latency_total_ms: 50 }); // first total: counted
    await insertServiceMessage(db, { ...reply, role: "system" });
    await update(quick.id, { status: "error" });
    await update(streaming.id, { input_tokens: 100 }); // corrections count as deltas

    const day = at.toISOString().slice(0, 10);
    expect(await usage(s)).toEqual([
      {
        day,
        inbox_id: s.inboxId,
        agent_id: null,
        messages: 1,
        user_messages: 1,
        assistant_messages: 0,
        input_tokens: 0,
        output_tokens: 0,
        cost: "0.000000",
        errors: 0,
        latency_total_ms_sum: 0,
        latency_count: 0,
        ttft_histogram: hist({}),
      },
      {
        day,
        inbox_id: s.inboxId,
        agent_id: s.agentId,
        messages: 4,
        user_messages: 0,
        assistant_messages: 3,
        input_tokens: 110,
        output_tokens: 85,
        cost: "0.012445",
        errors: 2,
        latency_total_ms_sum: 1050,
        latency_count: 3,
        ttft_histogram: hist({ 1: 1, 2: 1, 15: 1 }),
      },
    ]);
  });

  it("puts each time-to-first-token in the right bucket (upper bounds inclusive, last one open)", async () => {
    const { rows } = await asService(db, (tx) =>
      sql<{ ms: number; bucket: number }>`select ms, private.ttft_bucket(ms) as bucket
        from unnest(array[0, 100, 101, 750, 751, 60000, 60001, 2000000]) ms`.execute(tx),
    );
    expect(rows.map((r) => [r.ms, r.bucket])).toEqual([
      [0, 1],
      [100, 1],
      [101, 2],
      [750, 5],
      [751, 6],
      [60000, 14],
      [60001, 15],
      [2000000, 15],
    ]);
  });

  it("stays exact under 40 concurrent inserts (the upsert is atomic)", async () => {
    const s = await setup("usage-burst", 4);
    // Replies with usage, as the server writes them.
    const runs = await inFlight(burst, null, 40, (tx, i) =>
      insertMessageTx(tx, null, {
        workspace_id: s.ws.id,
        conversation_id: s.conversations[i % 4] ?? "",
        role: "assistant",
        agent_id: s.agentId,
        input_tokens: i + 1,
        output_tokens: 2 * (i + 1),
        cost: ((i + 1) / 1000).toFixed(3),
        latency_first_token_ms: 250,
        created_at: noonUtc(),
      }),
    );
    expect(Math.max(...runs.map((r) => r.ms))).toBeGreaterThan(4); // they did queue on the usage row
    const rows = await usage(s);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      messages: 40,
      assistant_messages: 40,
      input_tokens: 820,
      output_tokens: 1640,
      cost: "0.820000",
      ttft_histogram: hist({ 3: 40 }),
    });
  });
});

describe("usage_monthly", () => {
  it("refresh_usage_monthly() sums usage_daily per month, and again after more messages", async () => {
    const s = await setup("usage-month");
    const send = (at: Date, input: number, status: "complete" | "error" = "complete") =>
      insertServiceMessage(db, {
        workspace_id: s.ws.id,
        conversation_id: s.conversations[0] ?? "",
        role: "assistant",
        agent_id: s.agentId,
        input_tokens: input,
        output_tokens: 1,
        cost: "0.25",
        status,
        created_at: at,
      });
    await send(noonUtc(1), 3);
    await send(noonUtc(1), 4, "error");
    await send(noonUtc(), 5);
    const refresh = () =>
      asService(db, (tx) =>
        sql<{ n: number }>`select private.refresh_usage_monthly() as n`
          .execute(tx)
          .then((r) => r.rows[0]?.n ?? 0),
      );
    const monthly = () =>
      asUser(db, s.ws.users.viewer, (tx) =>
        sql`select month::text, messages::int, input_tokens::int, output_tokens::int, cost::text, errors::int
          from public.usage_monthly where workspace_id = ${s.ws.id}::uuid order by month`
          .execute(tx)
          .then((r) => r.rows),
      );
    const first = (d: Date) => `${d.toISOString().slice(0, 7)}-01`;
    const [last, current] = [first(noonUtc(1)), first(noonUtc())];

    expect(await refresh()).toBeGreaterThanOrEqual(2);
    expect(await monthly()).toEqual([
      { month: last, messages: 2, input_tokens: 7, output_tokens: 2, cost: "0.500000", errors: 1 },
      { month: current, messages: 1, input_tokens: 5, output_tokens: 1, cost: "0.250000", errors: 0 },
    ]);

    await send(noonUtc(), 6);
    await refresh();
    expect((await monthly())[1]).toEqual({
      month: current,
      messages: 2,
      input_tokens: 11,
      output_tokens: 2,
      cost: "0.500000",
      errors: 0,
    });
  });
});
