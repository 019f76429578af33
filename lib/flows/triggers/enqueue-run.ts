import { sql } from "kysely";
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
  const { rows } = await sql<{ run_id: string; created: boolean; status: string }>`
    select * from private.flow_enqueue_run(${req.workspaceId}::uuid, ${req.flowId}::uuid, ${req.trigger},
      ${req.nodeId}, ${JSON.stringify(req.input)}::jsonb, ${req.dedupeKey})`.execute(db);
  const row = rows[0];
  if (!row) throw new Error("flow_enqueue_run returned no row");
  return { runId: row.run_id, created: row.created, status: row.status };
}
