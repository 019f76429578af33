import { Logger, type Runner, run } from "graphile-worker";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "@/lib/agents/index";
import { getDb } from "@/lib/db/client";
import { type ChatKit, startChatKit } from "@/test/chat/integration-chat-kit";
import { ensureQueueSchema, runsOf, seedFlow, triggerNode } from "@/test/flows/triggers-kit";
import { flowEventTask } from "./events";

// A real chat turn (the chat path, the fake model) with flows listening to its
// events, while their delivery is stuck: the turn does not wait for them.

const url = process.env.DATABASE_URL as string;
let kit: ChatKit;
let runner: Runner;

beforeAll(async () => {
  await ensureQueueSchema(url);
  kit = await startChatKit("flow-chat");
  runner = await run({
    connectionString: url,
    concurrency: 1,
    noHandleSignals: true,
    pollInterval: 200,
    taskList: { flow_event: flowEventTask(getDb()) },
    logger: new Logger(() => () => {}),
  });
});
afterAll(async () => {
  await runner?.stop();
  await kit?.stop();
});

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("events from a chat turn", () => {
  it("a chat turn completes while the listening flows' delivery is stuck; the runs follow once it frees", async () => {
    const agent = await createAgent(kit.member(), {
      name: "Lead bot",
      providerConnectionId: kit.connectionId,
      model: "fake-model",
    });
    const db = getDb();
    const onMessage = await seedFlow(db, kit.ws, {
      nodes: [
        triggerNode("on", "event_trigger", { event: "message.received", filter: { agentId: agent.id } }),
      ],
      edges: [],
    });
    const onCreated = await seedFlow(db, kit.ws, {
      nodes: [triggerNode("on", "event_trigger", { event: "conversation.created" })],
      edges: [],
    });
    const turn = await kit.db.connection().execute(async (conn) => {
      // Stand-in for a slow flow: delivery needs these rows and waits for the lock.
      await sql`begin`.execute(conn);
      await sql`select 1 from public.flows where id in (${onMessage.flowId}, ${onCreated.flowId}) for update`.execute(
        conn,
      );
      const t0 = performance.now();
      const outcome = await kit.chat(agent.id, "Do you ship lamps to Lisbon?");
      const ms = performance.now() - t0;
      const runsMeanwhile =
        (await runsOf(db, onMessage.flowId)).length + (await runsOf(db, onCreated.flowId)).length;
      await sql`rollback`.execute(conn);
      return { outcome, ms, runsMeanwhile };
    });
    expect(turn.outcome.body.length).toBeGreaterThan(0);
    expect(turn.runsMeanwhile).toBe(0);
    expect(turn.ms).toBeLessThan(5000);

    const messageRuns = await until(
      () => runsOf(db, onMessage.flowId),
      (r) => r.length === 1,
    );
    expect(messageRuns).toHaveLength(1);
    expect(messageRuns[0]?.input).toMatchObject({
      event: "message.received",
      agentId: agent.id,
      text: "Do you ship lamps to Lisbon?",
    });
    const createdRuns = await until(
      () => runsOf(db, onCreated.flowId),
      (r) => r.length === 1,
    );
    expect(createdRuns[0]?.input).toMatchObject({ event: "conversation.created", agentId: agent.id });
  });
});
