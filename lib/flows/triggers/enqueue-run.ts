import { sql } from "kysely";
import { checkLimit, planLimitError, workspacePlan } from "../../billing/entitlements";
import type { Database } from "../../db/client";
import type { Json } from "../graph-schema";

export interface TriggeredRun {
  runId: string;
  created: boolean;
  status: string;
}

/**
 * Records a run of the flow's published version and enqueues its `flow_run`
 * job, in one statement (private.flow_enqueue_run, the same SQL the edge
 * functions call). A repeated dedupe key returns the existing run and starts
 * nothing.
 */
export async function enqueueTriggeredRun(
  db: Database,
  req: {
    workspaceId: string;
    flowId: string;
    trigger: "webhook" | "schedule" | "event";
    nodeId: string;
    input: Json;
    dedupeKey: string | null;
  },
): Promise<TriggeredRun> {
  // A webhook's sender is told at once (402 plan_limit) when the plan's monthly runs are used up,
  // unless this is a replay of a delivery already recorded. Schedules and events are recorded and
  // refused by the worker (lib/billing/flow-runs.ts), so the refusal shows in the run list.
  if (req.trigger === "webhook") await refuseWebhookAtLimit(db, req);
  const { rows } = await sql<{ run_id: string; created: boolean; status: string }>`
    select * from private.flow_enqueue_run(${req.workspaceId}::uuid, ${req.flowId}::uuid, ${req.trigger},
      ${req.nodeId}, ${JSON.stringify(req.input)}::jsonb, ${req.dedupeKey})`.execute(db);
  const row = rows[0];
  if (!row) throw new Error("flow_enqueue_run returned no row");
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
