import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { asService, openDb, type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import { ensureQueueSchema, runJobs, runsOf, seedFlow, triggerNode } from "@/test/flows/triggers-kit";
import { flowGraphSchema } from "../graph-schema";
import { scheduleTick } from "./schedule";
import { syncFlowTriggers } from "./sync";

const url = process.env.DATABASE_URL as string;
const db = getDb();
let ws: SeedWorkspace;

beforeAll(async () => {
  await ensureQueueSchema(url);
  ws = await seedWorkspace(openDb(), "sched");
});
afterAll(async () => {
  await closeDb();
});

function scheduleGraph(cron: string, missed: "skip" | "run_once" = "skip", timezone = "UTC") {
  return { nodes: [triggerNode("tick", "schedule_trigger", { cron, timezone, missed })], edges: [] };
}

async function triggerOf(flowId: string) {
  return db
    .selectFrom("flow_triggers")
    .select(["id", "next_tick_at", "cron", "timezone"])
    .where("flow_id", "=", flowId)
    .executeTakeFirstOrThrow();
}

async function setNext(flowId: string, at: Date) {
  await asService(db, (tx) =>
    tx.updateTable("flow_triggers").set({ next_tick_at: at }).where("flow_id", "=", flowId).execute(),
  );
}

describe("schedule triggers", () => {
  it("publishing stores the next tick in the trigger's time zone", async () => {
    const now = new Date("2026-07-01T00:00:00Z");
    const f = await seedFlow(db, ws, scheduleGraph("30 9 * * *", "skip", "America/New_York"), { now });
    const t = await triggerOf(f.flowId);
    expect(t.next_tick_at?.toISOString()).toBe("2026-07-01T13:30:00.000Z");
  });

  it("a due tick starts one run with the schedule dedupe key, enqueued, and advances next_tick_at", async () => {
    const f = await seedFlow(db, ws, scheduleGraph("0 * * * *"));
    const tick = new Date("2030-01-01T10:00:00Z");
    await setNext(f.flowId, tick);
    const trigger = await triggerOf(f.flowId);
    const r = await scheduleTick(new Date("2030-01-01T10:00:00.500Z"));
    const mine = r.runs.filter((x) => x.triggerId === trigger.id);
    expect(mine).toHaveLength(1);
    const runs = await runsOf(db, f.flowId);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      trigger: "schedule",
      trigger_node_id: "tick",
      status: "queued",
      version: 1,
      dedupe_key: `schedule:${trigger.id}:2030-01-01T10:00:00.000Z`,
    });
    expect(runs[0]?.input).toMatchObject({
      tickAt: "2030-01-01T10:00:00.000Z",
      missed: 0,
      cron: "0 * * * *",
    });
    expect(await runJobs(db, [runs[0]?.id as string])).toHaveLength(1);
    expect((await triggerOf(f.flowId)).next_tick_at?.toISOString()).toBe("2030-01-01T11:00:00.000Z");
    // The same moment again: nothing is due any more.
    await scheduleTick(new Date("2030-01-01T10:00:00.900Z"));
    expect(await runsOf(db, f.flowId)).toHaveLength(1);
  });

  it("missed ticks, skip: nothing runs for them, the next tick is the first future one", async () => {
    const f = await seedFlow(db, ws, scheduleGraph("*/10 * * * *", "skip"));
    await setNext(f.flowId, new Date("2030-02-01T00:00:00Z"));
    await scheduleTick(new Date("2030-02-01T05:05:00Z"));
    expect(await runsOf(db, f.flowId)).toHaveLength(0);
    expect((await triggerOf(f.flowId)).next_tick_at?.toISOString()).toBe("2030-02-01T05:10:00.000Z");
  });

  it("missed ticks, run_once: one run for all of them, with the count", async () => {
    const f = await seedFlow(db, ws, scheduleGraph("*/10 * * * *", "run_once"));
    await setNext(f.flowId, new Date("2030-03-01T00:00:00Z"));
    await scheduleTick(new Date("2030-03-01T05:05:00Z"));
    const runs = await runsOf(db, f.flowId);
    expect(runs).toHaveLength(1);
    // 00:00 … 05:00 every 10 minutes.
    expect(runs[0]?.input).toMatchObject({ tickAt: "2030-03-01T05:00:00.000Z", missed: 31 });
    expect((await triggerOf(f.flowId)).next_tick_at?.toISOString()).toBe("2030-03-01T05:10:00.000Z");
  });

  it("republishing keeps the trigger's id and stored next tick when its cron is unchanged", async () => {
    const f = await seedFlow(db, ws, scheduleGraph("*/10 * * * *", "run_once"));
    await setNext(f.flowId, new Date("2030-06-01T00:00:00Z"));
    const before = await triggerOf(f.flowId);
    const republish = (cron: string) =>
      asService(db, async (tx) => {
        const graph = flowGraphSchema.parse(scheduleGraph(cron, "run_once"));
        await tx
          .insertInto("flow_versions")
          .values({ workspace_id: ws.id, flow_id: f.flowId, version: 2, graph: JSON.stringify(graph) })
          .execute();
        await tx.updateTable("flows").set({ published_version: 2 }).where("id", "=", f.flowId).execute();
        await syncFlowTriggers(tx, { workspaceId: ws.id, flowId: f.flowId, version: 2, graph });
      });
    await republish("*/10 * * * *");
    const after = await triggerOf(f.flowId);
    expect(after.id).toBe(before.id);
    expect(after.next_tick_at?.toISOString()).toBe("2030-06-01T00:00:00.000Z");
    // Version 2's trigger fires (the claim matches the published version).
    await scheduleTick(new Date("2030-06-01T00:00:01Z"));
    expect(await runsOf(db, f.flowId)).toHaveLength(1);
  });

  it("a disabled flow's schedule starts nothing", async () => {
    const f = await seedFlow(db, ws, scheduleGraph("* * * * *"), { enabled: false });
    await setNext(f.flowId, new Date("2030-04-01T00:00:00Z"));
    await scheduleTick(new Date("2030-04-01T00:00:01Z"));
    expect(await runsOf(db, f.flowId)).toHaveLength(0);
  });

  it("a stored cron that no longer parses is parked, not retried every pass", async () => {
    const f = await seedFlow(db, ws, scheduleGraph("* * * * *"));
    await asService(db, (tx) =>
      tx
        .updateTable("flow_triggers")
        .set({ cron: "not a cron", next_tick_at: new Date("2030-05-01T00:00:00Z") })
        .where("flow_id", "=", f.flowId)
        .execute(),
    );
    await scheduleTick(new Date("2030-05-01T00:00:01Z"));
    expect(await runsOf(db, f.flowId)).toHaveLength(0);
    expect((await triggerOf(f.flowId)).next_tick_at).toBeNull();
  });
});

describe("schedule exactly once across worker processes", () => {
  const workers: ChildProcess[] = [];
  afterAll(() => {
    for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
  });

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "warn" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr?.on("data", (d) => process.stderr.write(`[worker ${child.pid}] ${d}`));
    workers.push(child);
    return child;
  }

  it("two workers over a minute of 2-second ticks: every tick ran exactly once, none missed", async () => {
    const flows = [
      await seedFlow(db, ws, scheduleGraph("*/2 * * * * *")),
      await seedFlow(db, ws, scheduleGraph("*/2 * * * * *")),
    ];
    const a = startWorker();
    const b = startWorker();
    const exited = (c: ChildProcess) => new Promise((r) => c.once("exit", r));
    // Let both processes start; count ticks only from then on.
    await new Promise((r) => setTimeout(r, 6000));
    const from = new Date(Math.ceil((Date.now() + 1000) / 2000) * 2000);
    await new Promise((r) => setTimeout(r, 60_000));
    const to = new Date(Math.floor((Date.now() - 3000) / 2000) * 2000);
    expect(a.exitCode).toBeNull();
    expect(b.exitCode).toBeNull();
    a.kill("SIGTERM");
    b.kill("SIGTERM");
    // Both stop cleanly: the schedule loop finishes its pass, then the runner stops.
    expect(await Promise.all([exited(a), exited(b)])).toEqual([0, 0]);

    const expected: string[] = [];
    for (let t = from.getTime(); t <= to.getTime(); t += 2000) expected.push(new Date(t).toISOString());
    expect(expected.length).toBeGreaterThanOrEqual(28);
    for (const f of flows) {
      const runs = await runsOf(db, f.flowId);
      const ticks = runs.map((r) => (r.input as { tickAt: string }).tickAt);
      // Exactly once: no tick twice, and every tick in the window present.
      expect(new Set(ticks).size).toBe(ticks.length);
      const inWindow = ticks
        .filter((t) => t >= (expected[0] as string) && t <= (expected.at(-1) as string))
        .sort();
      expect(inWindow).toEqual(expected);
      const tickRows = await db
        .selectFrom("flow_schedule_ticks as s")
        .innerJoin("flow_triggers as t", "t.id", "s.trigger_id")
        .select(["s.tick_at", "s.run_id"])
        .where("t.flow_id", "=", f.flowId)
        .execute();
      expect(tickRows).toHaveLength(runs.length);
      expect(tickRows.every((r) => r.run_id)).toBe(true);
    }
  }, 120_000);
});
