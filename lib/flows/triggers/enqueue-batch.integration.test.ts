import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { openDb, type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import { ensureQueueSchema, runJobs, runsOf, seedFlow, triggerNode } from "@/test/flows/triggers-kit";
import { enqueueTriggeredRun } from "./enqueue-run";

// Deliveries that arrive together share one statement (lib/db/statement-batcher.ts):
// each still gets its own run, trigger result and job, once per dedupe key.

const db = getDb();
let ws: SeedWorkspace;
let other: SeedWorkspace;
const graph = { nodes: [triggerNode("hook", "webhook_trigger", {})], edges: [] };

beforeAll(async () => {
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  ws = await seedWorkspace(openDb(), "enqueue-a");
  other = await seedWorkspace(openDb(), "enqueue-b");
});
afterAll(async () => {
  await closeDb();
});

describe("enqueueTriggeredRun under concurrency", () => {
  it("40 deliveries at once: 40 runs, each with its trigger result and one job; replays return the same run", async () => {
    const flow = await seedFlow(db, ws, graph);
    const flowB = await seedFlow(db, other, graph);
    const calls = Array.from({ length: 40 }, (_, i) =>
      enqueueTriggeredRun(db, {
        workspaceId: i % 2 ? ws.id : other.id,
        flowId: i % 2 ? flow.flowId : flowB.flowId,
        trigger: "webhook",
        nodeId: "hook",
        input: { body: { n: i } },
        // Every fourth delivery is sent twice with the same id.
        dedupeKey: i % 4 === 0 ? `delivery-${i}` : null,
      }),
    );
    const replays = Array.from({ length: 10 }, (_, k) =>
      enqueueTriggeredRun(db, {
        workspaceId: other.id,
        flowId: flowB.flowId,
        trigger: "webhook",
        nodeId: "hook",
        input: { body: { n: k * 4 } },
        dedupeKey: `delivery-${k * 4}`,
      }),
    );
    const results = await Promise.all(calls);
    const again = await Promise.all(replays);
    expect(new Set(results.map((r) => r.runId)).size).toBe(40);
    expect(results.every((r) => r.created)).toBe(true);
    expect(again.every((r) => !r.created)).toBe(true);
    expect(again.map((r) => r.runId)).toEqual(
      [0, 4, 8, 12, 16, 20, 24, 28, 32, 36].map((i) => results[i]?.runId),
    );

    // Each run is in its own workspace's flow with its own input.
    const runsA = await runsOf(db, flow.flowId);
    const runsB = await runsOf(db, flowB.flowId);
    expect(runsA).toHaveLength(20);
    expect(runsB).toHaveLength(20);
    for (const [i, r] of results.entries()) {
      const row = [...runsA, ...runsB].find((x) => x.id === r.runId);
      expect(row?.input).toEqual({ body: { n: i } });
    }
    // The trigger node's result is committed with the run: its output is the run's input.
    const { rows } = await sql<{ run_id: string; status: string; output: unknown; workspace_id: string }>`
      select run_id, status, output, workspace_id from public.flow_node_runs
       where run_id = any(${results.map((r) => r.runId)}::uuid[]) and node_id = 'hook'`.execute(db);
    expect(rows).toHaveLength(40);
    for (const row of rows) {
      const i = results.findIndex((r) => r.runId === row.run_id);
      expect(row.status).toBe("succeeded");
      expect(row.output).toEqual({ body: { n: i } });
      expect(row.workspace_id).toBe(i % 2 ? ws.id : other.id);
    }
    expect(
      (
        await runJobs(
          db,
          results.map((r) => r.runId),
        )
      ).sort(),
    ).toEqual(results.map((r) => r.runId).sort());
  });

  it("an unpublished flow in a batch fails only its own delivery", async () => {
    const live = await seedFlow(db, ws, graph);
    const draft = await seedFlow(db, ws, graph, { publish: false });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        enqueueTriggeredRun(db, {
          workspaceId: ws.id,
          flowId: i === 5 ? draft.flowId : live.flowId,
          trigger: "webhook",
          nodeId: "hook",
          input: { i },
          dedupeKey: null,
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(11);
    const failed = outcomes[5];
    expect(failed?.status).toBe("rejected");
    expect((failed as PromiseRejectedResult).reason).toMatchObject({ code: "not_found" });
    expect(await runsOf(db, draft.flowId)).toHaveLength(0);
    expect(await runsOf(db, live.flowId)).toHaveLength(11);
  });

  it("a flow id from another workspace records nothing", async () => {
    const flowB = await seedFlow(db, other, graph);
    await expect(
      enqueueTriggeredRun(db, {
        workspaceId: ws.id,
        flowId: flowB.flowId,
        trigger: "webhook",
        nodeId: "hook",
        input: {},
        dedupeKey: null,
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await runsOf(db, flowB.flowId)).toHaveLength(0);
  });
});
