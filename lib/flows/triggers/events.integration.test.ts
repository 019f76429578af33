import { Logger, type Runner, run } from "graphile-worker";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import {
  type ChatWorkspace,
  insertMessage,
  insertServiceMessage,
  newConversation,
  seedChat,
} from "@/test/db/chat-kit";
import { asService, asUser, openDb, seedWorkspace, uniq } from "@/test/db/workspace-kit";
import { ensureQueueSchema, eventJobs, runsOf, seedFlow, triggerNode } from "@/test/flows/triggers-kit";
import { flowEventTask } from "./events";

// Postgres events → flow_event jobs → runs, through the real queue: the
// writer's transaction only enqueues; a graphile-worker runner with the
// flow_event task delivers.

const url = process.env.DATABASE_URL as string;
const db = getDb();
const seedDb = openDb();
let ws: ChatWorkspace;
let runner: Runner;

beforeAll(async () => {
  await ensureQueueSchema(url);
  ws = await seedChat(seedDb, await seedWorkspace(seedDb, "events"));
  runner = await run({
    connectionString: url,
    concurrency: 2,
    noHandleSignals: true,
    pollInterval: 200,
    taskList: { flow_event: flowEventTask(db) },
    logger: new Logger(() => () => {}),
  });
});
afterAll(async () => {
  await runner?.stop();
  await closeDb();
});

function eventGraph(event: string, filter: Record<string, unknown> = {}) {
  return { nodes: [triggerNode("on", "event_trigger", { event, filter })], edges: [] };
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const runsFor = (flowId: string, n: number) =>
  until(
    () => runsOf(db, flowId),
    (r) => r.length >= n,
  );
/** Waits long enough for the worker to have delivered anything it would. */
const settle = () =>
  until(
    () => eventJobs(db, ws.id),
    (j) => j.length === 0,
  );

describe("event triggers", () => {
  it("conversation.created, with an inbox filter", async () => {
    const f = await seedFlow(db, ws, eventGraph("conversation.created", { inboxId: ws.chat.webInboxId }));
    const other = await seedFlow(db, ws, eventGraph("conversation.created", { inboxId: ws.chat.apiInboxId }));
    const conv = await newConversation(seedDb, ws.users.member, ws.id, ws.chat.webInboxId, ws.chat.agentId);
    const runs = await runsFor(f.flowId, 1);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      trigger: "event",
      trigger_node_id: "on",
      dedupe_key: `event:${conv}:on`,
    });
    expect(runs[0]?.input).toMatchObject({
      event: "conversation.created",
      eventId: conv,
      conversationId: conv,
      inboxId: ws.chat.webInboxId,
      agentId: ws.chat.agentId,
    });
    await settle();
    expect(await runsOf(db, other.flowId)).toHaveLength(0);
  });

  it("message.received: user messages only, filtered by agent, with the text", async () => {
    const f = await seedFlow(db, ws, eventGraph("message.received", { agentId: ws.chat.agentId }));
    const conv = await newConversation(seedDb, ws.users.member, ws.id, ws.chat.webInboxId, ws.chat.agentId);
    const plain = await newConversation(seedDb, ws.users.member, ws.id, ws.chat.webInboxId, null);
    const msg = await insertMessage(seedDb, ws.users.member, {
      workspace_id: ws.id,
      conversation_id: conv,
      role: "user",
      parts: JSON.stringify([{ type: "text", text: "I want to buy 3 lamps" }]),
    });
    await insertServiceMessage(seedDb, { workspace_id: ws.id, conversation_id: conv, role: "assistant" });
    await insertMessage(seedDb, ws.users.member, {
      workspace_id: ws.id,
      conversation_id: plain,
      role: "user",
    });
    const runs = await runsFor(f.flowId, 1);
    await settle();
    expect(await runsOf(db, f.flowId)).toHaveLength(1);
    expect(runs[0]?.input).toMatchObject({
      event: "message.received",
      messageId: msg.id,
      conversationId: conv,
      text: "I want to buy 3 lamps",
    });
  });

  it("conversation.tagged: one event per added tag, filtered by tag", async () => {
    const f = await seedFlow(db, ws, eventGraph("conversation.tagged", { tag: "lead" }));
    const conv = await newConversation(seedDb, ws.users.member, ws.id, ws.chat.webInboxId);
    const setTags = (tags: string[]) =>
      asService(seedDb, (tx) =>
        tx.updateTable("conversations").set({ tags }).where("id", "=", conv).execute(),
      );
    await setTags(["vip"]);
    await settle();
    expect(await runsOf(db, f.flowId)).toHaveLength(0);
    await setTags(["vip", "lead"]);
    const runs = await runsFor(f.flowId, 1);
    expect(runs[0]?.input).toMatchObject({
      event: "conversation.tagged",
      tag: "lead",
      tags: ["vip", "lead"],
    });
    // Removing another tag adds nothing: no event.
    await setTags(["lead"]);
    await settle();
    expect(await runsOf(db, f.flowId)).toHaveLength(1);
  });

  it("conversation.closed: once per close", async () => {
    const f = await seedFlow(db, ws, eventGraph("conversation.closed"));
    const conv = await newConversation(seedDb, ws.users.member, ws.id, ws.chat.webInboxId);
    const setStatus = (status: "open" | "closed") =>
      asService(seedDb, (tx) =>
        tx.updateTable("conversations").set({ status }).where("id", "=", conv).execute(),
      );
    await setStatus("closed");
    await runsFor(f.flowId, 1);
    await asService(seedDb, (tx) =>
      tx.updateTable("conversations").set({ title: "x" }).where("id", "=", conv).execute(),
    );
    await settle();
    expect(await runsOf(db, f.flowId)).toHaveLength(1);
    await setStatus("open");
    await setStatus("closed");
    const runs = await runsFor(f.flowId, 2);
    expect(runs).toHaveLength(2);
    expect(runs.every((r) => (r.input as { conversationId: string }).conversationId === conv)).toBe(true);
  });

  it("cart.updated: one event per cart change, even when the call touches the cart twice", async () => {
    const f = await seedFlow(db, ws, eventGraph("cart.updated"));
    const conv = await newConversation(seedDb, ws.users.member, ws.id, ws.chat.webInboxId);
    const productId = await asUser(seedDb, ws.users.member, (tx) =>
      tx
        .insertInto("products")
        .values({
          workspace_id: ws.id,
          sku: `SKU-${uniq()}`,
          name: "Lamp",
          price: "9.99",
          stock: 10,
          created_by: ws.users.member.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
        .then((r) => r.id),
    );
    const add = () =>
      asUser(seedDb, ws.users.member, (tx) =>
        sql`select public.cart_add_item(${ws.id}::uuid, ${conv}::uuid, ${productId}::uuid, 1)`.execute(tx),
      );
    await add();
    await runsFor(f.flowId, 1);
    await add();
    const runs = await runsFor(f.flowId, 2);
    await settle();
    expect(await runsOf(db, f.flowId)).toHaveLength(2);
    expect(runs[1]?.input).toMatchObject({ event: "cart.updated", conversationId: conv, currency: "USD" });
  });

  it("run.failed: a failed run starts the listening flow; its own failure does not feed back", async () => {
    const watcher = await seedFlow(db, ws, eventGraph("run.failed"));
    const failing = await seedFlow(db, ws, { nodes: [triggerNode("go", "manual_trigger", {})], edges: [] });
    const failRun = (flowId: string, extra: Record<string, unknown> = {}) =>
      asService(seedDb, async (tx) => {
        const r = await tx
          .insertInto("flow_runs")
          .values({
            workspace_id: ws.id,
            flow_id: flowId,
            version: 1,
            trigger: "manual",
            status: "running",
            ...extra,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await tx
          .updateTable("flow_runs")
          .set({ status: "failed", error: JSON.stringify({ code: "node_failed", message: "boom" }) })
          .where("id", "=", r.id)
          .execute();
        return r.id;
      });
    const failed = await failRun(failing.flowId);
    const runs = await runsFor(watcher.flowId, 1);
    expect(runs[0]?.input).toMatchObject({
      event: "run.failed",
      runId: failed,
      flowId: failing.flowId,
      error: { message: "boom" },
    });
    // The watcher's own run fails: no run.failed for it.
    await asService(seedDb, (tx) =>
      tx
        .updateTable("flow_runs")
        .set({ status: "failed" })
        .where("id", "=", runs[0]?.id as string)
        .execute(),
    );
    await settle();
    expect(await runsOf(db, watcher.flowId)).toHaveLength(1);
  });

  it("events stay in their workspace: another workspace's listener never runs", async () => {
    const other = await seedChat(seedDb, await seedWorkspace(seedDb, "elsewhere"));
    const theirs = await seedFlow(db, other, eventGraph("conversation.created"));
    const ours = await seedFlow(db, ws, eventGraph("conversation.created"));
    await newConversation(seedDb, ws.users.member, ws.id, ws.chat.webInboxId);
    await runsFor(ours.flowId, 1);
    await settle();
    expect(await runsOf(db, theirs.flowId)).toHaveLength(0);
    expect(await eventJobs(db, other.id)).toHaveLength(0);
  });

  it("a disabled flow, or a workspace with no listener, enqueues nothing", async () => {
    const quiet = await seedChat(seedDb, await seedWorkspace(seedDb, "quiet"));
    await seedFlow(db, quiet, eventGraph("message.received"), { enabled: false });
    await insertMessage(seedDb, quiet.users.member, {
      workspace_id: quiet.id,
      conversation_id: quiet.chat.conversationId,
      role: "user",
    });
    await newConversation(seedDb, quiet.users.member, quiet.id, quiet.chat.webInboxId);
    expect(await eventJobs(db, quiet.id)).toHaveLength(0);
  });
});

describe("a slow flow never slows the chat", () => {
  it("user messages commit while delivery is blocked: the chat never waits for a flow", async () => {
    const w = await seedChat(seedDb, await seedWorkspace(seedDb, "slow"));
    const conv = w.chat.conversationId;
    const send = async () => {
      const t0 = performance.now();
      await insertMessage(seedDb, w.users.member, {
        workspace_id: w.id,
        conversation_id: conv,
        role: "user",
      });
      return performance.now() - t0;
    };
    for (let i = 0; i < 5; i++) await send();

    const f = await seedFlow(db, w, eventGraph("message.received"));
    // Hold the delivering side: a transaction that locks the flow's row, as a slow flow's work would.
    const blocker = await seedDb.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await sql`select 1 from public.flows where id = ${f.flowId} for update`.execute(conn);
      const withListener: number[] = [];
      for (let i = 0; i < 30; i++) withListener.push(await send());
      const jobs = await eventJobs(db, w.id);
      // Delivery is stuck behind the lock; the chat was not.
      const runsMeanwhile = (await runsOf(db, f.flowId)).length;
      await sql`rollback`.execute(conn);
      return { withListener, jobs: jobs.length, runsMeanwhile };
    });
    // All 30 messages committed while the flow's row was locked (they would hang here if the
    // chat waited for delivery), each queued an event job, and no run started meanwhile. What a
    // listener adds to a message is measured by the chat-overhead benchmark, not timed here.
    expect(blocker.withListener).toHaveLength(30);
    expect(blocker.jobs).toBeGreaterThan(0);
    expect(blocker.runsMeanwhile).toBe(0);
    await runsFor(f.flowId, 30);
  });
});
