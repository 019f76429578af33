import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { openDb, type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import { ensureQueueSchema, seedFlow, triggerNode } from "@/test/flows/triggers-kit";
import { enqueueTriggeredRun } from "../triggers/enqueue-run";
import { claimAndLoadRun } from "./run-store";

// Claims of runs a worker starts together share one statement (private.flow_claim_runs):
// the workspace's concurrency limit still holds across the batch, per workspace.

const db = getDb();
let a: SeedWorkspace;
let b: SeedWorkspace;
const graph = { nodes: [triggerNode("hook", "webhook_trigger", {})], edges: [] };

async function queuedRuns(ws: SeedWorkspace, n: number): Promise<string[]> {
  const flow = await seedFlow(db, ws, graph);
  const runs = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      enqueueTriggeredRun(db, {
        workspaceId: ws.id,
        flowId: flow.flowId,
        trigger: "webhook",
        nodeId: "hook",
        input: { i },
        dedupeKey: null,
      }),
    ),
  );
  return runs.map((r) => r.runId);
}

beforeAll(async () => {
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  a = await seedWorkspace(openDb(), "claim-a");
  b = await seedWorkspace(openDb(), "claim-b");
  await sql`insert into public.flow_settings (workspace_id, max_concurrent_runs) values (${a.id}, 2), (${b.id}, 3)`.execute(
    db,
  );
});
afterAll(async () => {
  await closeDb();
});

describe("batched claims", () => {
  it("claims at once stay within each workspace's limit; the rest are busy", async () => {
    const runsA = await queuedRuns(a, 6);
    const runsB = await queuedRuns(b, 6);
    const ids = runsA.flatMap((id, i) => [id, runsB[i] as string]);
    const claims = await Promise.all(ids.map((id) => claimAndLoadRun(db, id)));
    const claimedA = runsA.filter((id) => claims[ids.indexOf(id)]?.claim === "claimed");
    const claimedB = runsB.filter((id) => claims[ids.indexOf(id)]?.claim === "claimed");
    expect(claimedA).toHaveLength(2);
    expect(claimedB).toHaveLength(3);
    expect(claims.filter((c) => c.claim === "busy")).toHaveLength(7);
    // A claimed run comes with its run row, graph and committed trigger result.
    const first = claims[ids.indexOf(claimedA[0] as string)];
    expect(first?.loaded?.run.workspaceId).toBe(a.id);
    expect(first?.loaded?.nodes.map((n) => [n.nodeId, n.status])).toEqual([["hook", "succeeded"]]);
    const { rows } = await sql<{ workspace_id: string; n: number }>`
      select workspace_id, count(*)::int as n from public.flow_runs
       where status = 'running' and workspace_id in (${a.id}, ${b.id}) group by workspace_id`.execute(db);
    expect(Object.fromEntries(rows.map((r) => [r.workspace_id, r.n]))).toEqual({ [a.id]: 2, [b.id]: 3 });
  });

  it("a finished or unknown run is not claimed; a running one is claimed again (a resume after a crash)", async () => {
    await sql`update public.flow_runs set status = 'succeeded' where workspace_id in (${a.id}, ${b.id})`.execute(
      db,
    );
    const [run, done] = await queuedRuns(a, 2);
    await sql`update public.flow_runs set status = 'succeeded' where id = ${done as string}`.execute(db);
    const claims = await Promise.all([
      claimAndLoadRun(db, run as string),
      claimAndLoadRun(db, done as string),
      claimAndLoadRun(db, crypto.randomUUID()),
    ]);
    expect(claims.map((c) => c.claim)).toEqual(["claimed", "succeeded", "gone"]);
    expect((await claimAndLoadRun(db, run as string)).claim).toBe("claimed");
  });
});
