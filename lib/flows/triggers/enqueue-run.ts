import { sql } from "kysely";
import { checkLimit, planLimitError, workspacePlan } from "../../billing/entitlements";
import type { Database } from "../../db/client";
import { statementBatcher } from "../../db/statement-batcher";
import { AppError } from "../../errors";
import type { Json } from "../graph-schema";

export interface TriggeredRun {
  runId: string;
  created: boolean;
  status: string;
}

export interface TriggeredRunRequest {
  workspaceId: string;
  flowId: string;
  trigger: "webhook" | "schedule" | "event";
  nodeId: string;
  input: Json;
  dedupeKey: string | null;
}

type Row = { idx: number; run_id: string | null; created: boolean; status: string };

async function enqueueBatch(db: Database, reqs: TriggeredRunRequest[]): Promise<Row[]> {
  const { rows } =
    await sql<Row>`select * from private.flow_enqueue_runs(${JSON.stringify(reqs)}::jsonb)`.execute(db);
  const byIdx = new Map(rows.map((r) => [r.idx, r]));
  return reqs.map((_, i) => {
    const row = byIdx.get(i);
    if (!row) throw new Error("flow_enqueue_runs returned no row");
    return row;
  });
}

// One batcher per database handle (the app's pool; tests pass their own).
const batchers = new WeakMap<Database, (r: TriggeredRunRequest) => Promise<Row>>();

/**
 * Records a run of the flow's published version, with its trigger node's
 * result, and enqueues its `flow_run` job (private.flow_enqueue_runs, whose
 * one-run form the edge functions call). Deliveries arriving together share
 * one statement and one commit (lib/db/statement-batcher.ts). A repeated
 * dedupe key returns the existing run and starts nothing.
 */
export async function enqueueTriggeredRun(db: Database, req: TriggeredRunRequest): Promise<TriggeredRun> {
  // A webhook's sender is told at once (402 plan_limit) when the plan's monthly runs are used up,
  // unless this is a replay of a delivery already recorded. Schedules and events are recorded and
  // refused by the worker (lib/billing/flow-runs.ts), so the refusal shows in the run list.
  if (req.trigger === "webhook") await refuseWebhookAtLimit(db, req);
  let enqueue = batchers.get(db);
  if (!enqueue) {
    enqueue = statementBatcher((items: TriggeredRunRequest[]) => enqueueBatch(db, items), {
      maxBatch: 64,
      maxInFlight: 2,
    });
    batchers.set(db, enqueue);
  }
  const row = await enqueue(req);
  if (row.status === "not_published" || !row.run_id) {
    throw new AppError("not_found", "This flow is not published.");
  }
  return { runId: row.run_id, created: row.created, status: row.status };
}

async function refuseWebhookAtLimit(
  db: Database,
  req: { workspaceId: string; flowId: string; dedupeKey: string | null },
) {
  const check = await checkLimit(db, req.workspaceId, "flow_run");
  if (check.allowed) return;
  if (req.dedupeKey !== null) {
    const { rows } = await sql`select 1 from public.flow_runs
      where flow_id = ${req.flowId}::uuid and dedupe_key = ${req.dedupeKey}`.execute(db);
    if (rows.length > 0) return;
  }
  const wp = await workspacePlan(db, req.workspaceId);
  throw planLimitError("flow_run", wp.plan, check, wp.slug);
}
