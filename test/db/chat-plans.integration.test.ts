import { type Compilable, CompiledQuery, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { startThrowawayDb, type ThrowawayDb } from "@/lib/db/throwaway";
import { asUser, openDb, type SeedWorkspace, seedWorkspace, uniq } from "./workspace-kit";

// The hot chat queries, EXPLAINed as `authenticated` inside runAsUser (RLS on)
// over 20,000 messages and 2,000 conversations in 20 workspaces, analyzed. No
// planner setting is changed: the data is large enough for the real plans.
// Its own server, not the shared one: rows other files write concurrently
// (into future partitions, say) would make the plans drift from run to run.

const WORKSPACES = 20; // the seeded one + 19 bare ones
const CONVERSATIONS_PER_WORKSPACE = 100;
const HOT_MESSAGES = 2_000; // one long conversation of the seeded workspace
const OTHER_MESSAGES = 18_000;

let server: ThrowawayDb;
let db: Database;
let admin: pg.Client;
let p: SeedWorkspace;
let hot: string;

beforeAll(async () => {
  server = await startThrowawayDb();
  db = openDb(server.url);
  p = await seedWorkspace(db, "chat-plans");
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const tag = uniq();
  // Bare workspaces (the triggers give each its web inbox), conversations in every one.
  await admin.query(
    `insert into public.workspaces (name, slug)
     select 'Plans ' || g, 'plans-${tag}-' || g from generate_series(1, $1) g`,
    [WORKSPACES - 1],
  );
  const { rows } = await admin.query<{ id: string }>(
    `with ws as (select id from public.workspaces where slug like 'plans-${tag}-%' or id = $1)
     insert into public.conversations (workspace_id, inbox_id, title)
     select ws.id, i.id, 'c' || g from ws
       join public.inboxes i on i.workspace_id = ws.id and i.channel = 'web'
       cross join generate_series(1, $2) g
     returning id, workspace_id`,
    [p.id, CONVERSATIONS_PER_WORKSPACE],
  );
  expect(rows.length).toBe(WORKSPACES * CONVERSATIONS_PER_WORKSPACE);
  hot = (
    await admin.query<{ id: string }>("select id from public.conversations where workspace_id = $1 limit 1", [
      p.id,
    ])
  ).rows[0]?.id as string;
  // With the triggers on: message_index and last_message_at come from the real path.
  const since = "date_trunc('month', now()) - interval '1 month'";
  await admin.query(
    `insert into public.messages (workspace_id, conversation_id, role, parts, created_at)
     select $1, $2, case when g % 2 = 0 then 'user' else 'assistant' end::public.message_role,
            jsonb_build_array(jsonb_build_object('type', 'text', 'text', 'hot ' || g)),
            ${since} + (now() - (${since})) * g / $3
     from generate_series(1, $3) g`,
    [p.id, hot, HOT_MESSAGES],
  );
  await admin.query(
    `with c as (select id, workspace_id, row_number() over (order by id) - 1 as n from public.conversations
                where workspace_id in (select id from public.workspaces where slug like 'plans-${tag}-%' or id = $1)
                  and id <> $4)
     insert into public.messages (workspace_id, conversation_id, role, parts, created_at)
     select c.workspace_id, c.id, 'user', '[{"type":"text","text":"hi"}]', ${since} + (now() - (${since})) * g / $2
     from generate_series(1, $2) g join c on c.n = g % $3`,
    [p.id, OTHER_MESSAGES, WORKSPACES * CONVERSATIONS_PER_WORKSPACE - 1, hot],
  );
  await admin.query("analyze public.messages, public.conversations, public.workspace_members");
}, 120_000);

afterAll(async () => {
  await admin?.end();
  await db?.destroy();
  await server?.stop();
});

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

const flatten = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(flatten)];

/** The plan of `query` as the seeded workspace's viewer sees it, every node flattened. */
async function planAsViewer(query: Compilable): Promise<PlanNode[]> {
  const compiled = query.compile();
  const rows = await asUser(db, p.users.viewer, async (tx) => {
    const who = await sql<{ u: string }>`select current_user as u`.execute(tx);
    expect(who.rows[0]?.u).toBe("authenticated");
    return (
      await tx.executeQuery<{ "QUERY PLAN": { Plan: PlanNode }[] }>(
        CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]),
      )
    ).rows;
  });
  const plan = rows[0]?.["QUERY PLAN"][0]?.Plan;
  if (!plan) throw new Error("no plan");
  return flatten(plan);
}

/** The partitions' copies of a partitioned index: index name -> partition name. */
async function childIndexes(parent: string): Promise<Map<string, string>> {
  const { rows } = await admin.query<{ idx: string; tbl: string }>(
    `select ic.relname as idx, tc.relname as tbl from pg_inherits i
     join pg_class ic on ic.oid = i.inhrelid join pg_index x on x.indexrelid = ic.oid
     join pg_class tc on tc.oid = x.indrelid where i.inhparent = $1::regclass`,
    [parent],
  );
  return new Map(rows.map((r) => [r.idx, r.tbl]));
}

/** Partitions of messages that hold rows (the future months are empty). */
async function populated(): Promise<Set<string>> {
  const { rows } = await admin.query<{ part: string }>(
    "select distinct c.relname as part from public.messages m join pg_class c on c.oid = m.tableoid",
  );
  return new Set(rows.map((r) => r.part));
}

/**
 * Every partition with rows that the plan touches is read through a copy of
 * `parentIndex` (plain or bitmap index scan); a Seq Scan is tolerated only on
 * an empty partition, where it costs nothing.
 */
async function expectMessagesRead(nodes: PlanNode[], parentIndex: string) {
  const [wanted, full] = [await childIndexes(parentIndex), await populated()];
  const onMessages = (n: PlanNode) => /^messages_/.test(n["Relation Name"] ?? n["Index Name"] ?? "");
  const used = nodes.filter((n) => n["Index Name"] && onMessages(n)).map((n) => n["Index Name"] ?? "");
  expect(used.length).toBeGreaterThan(0);
  for (const idx of used) expect([...wanted.keys()]).toContain(idx);
  const viaIndex = new Set(used.map((idx) => wanted.get(idx)));
  const touched = nodes.filter((n) => n["Relation Name"] && onMessages(n));
  const fullTouched = touched.map((n) => n["Relation Name"] ?? "").filter((t) => full.has(t));
  expect(fullTouched.length).toBeGreaterThan(0);
  for (const t of fullTouched) expect(viaIndex, `${t} read without ${parentIndex}`).toContain(t);
  const seqOnFull = touched.filter(
    (n) => n["Node Type"] === "Seq Scan" && full.has(n["Relation Name"] ?? ""),
  );
  expect(seqOnFull).toEqual([]);
}

const types = (nodes: PlanNode[]) => nodes.map((n) => n["Node Type"]);

describe("hot queries use their indexes (RLS on)", () => {
  it.each([
    ["the last 50", undefined],
    ["the 50 before #1000", 1000],
  ])("%s messages of a conversation: messages_conversation_idx, no sort", async (_, before) => {
    let q = db
      .selectFrom("messages")
      .select(["id", "role", "parts", "status", "message_index"])
      .where("workspace_id", "=", p.id)
      .where("conversation_id", "=", hot);
    if (before !== undefined) q = q.where("message_index", "<", before);
    const nodes = await planAsViewer(q.orderBy("message_index", "desc").limit(50));
    await expectMessagesRead(nodes, "public.messages_conversation_idx");
    expect(types(nodes)).not.toContain("Sort");
    expect(types(nodes)).not.toContain("Seq Scan");
    expect(nodes[0]?.["Node Type"]).toBe("Limit");
  });

  it("a workspace's recent conversations: conversations_recent_idx, no sort", async () => {
    const nodes = await planAsViewer(
      db
        .selectFrom("conversations")
        .select(["id", "title", "last_message_at", "message_count"])
        .where("workspace_id", "=", p.id)
        .orderBy("last_message_at", (ob) => ob.desc().nullsLast())
        .orderBy("id")
        .limit(30),
    );
    const onConversations = nodes.filter((n) => n["Relation Name"] === "conversations");
    expect(onConversations.map((n) => [n["Node Type"], n["Index Name"]])).toEqual([
      ["Index Scan", "conversations_recent_idx"],
    ]);
    expect(types(nodes)).not.toContain("Sort");
  });

  it("a workspace's latest messages: messages_time_idx, no sort", async () => {
    const nodes = await planAsViewer(
      db
        .selectFrom("messages")
        .select(["id", "conversation_id", "created_at"])
        .where("workspace_id", "=", p.id)
        .orderBy("created_at", "desc")
        .limit(50),
    );
    await expectMessagesRead(nodes, "public.messages_time_idx");
    expect(types(nodes)).not.toContain("Sort");
  });

  it("a workspace's messages of the last day: messages_time_idx", async () => {
    const nodes = await planAsViewer(
      db
        .selectFrom("messages")
        .select(["id", "conversation_id", "created_at"])
        .where("workspace_id", "=", p.id)
        .where("created_at", ">=", sql<Date>`now() - interval '1 day'`)
        .orderBy("created_at", "desc"),
    );
    await expectMessagesRead(nodes, "public.messages_time_idx");
  });

  it("the data is what the plans were made for", async () => {
    const { rows } = await admin.query<{ hot: number; total: number; parts: number }>(
      `select (select message_count from public.conversations where id = $1) as hot,
              (select count(*)::int from public.messages) as total,
              (select count(distinct tableoid)::int from public.messages where workspace_id = $2) as parts`,
      [hot, p.id],
    );
    expect(rows[0]?.hot).toBe(HOT_MESSAGES);
    expect(rows[0]?.total).toBeGreaterThanOrEqual(HOT_MESSAGES + OTHER_MESSAGES);
    expect(rows[0]?.parts).toBeGreaterThanOrEqual(2); // last month and this one
  });
});
