import { sql } from "kysely";
import type { Database } from "../../db/client";
import type { FlowNode, Json } from "../graph-schema";
import { commit } from "./run-checkpoint";
import { type NodeRow, type RunRow, scheduleRun } from "./run-store";

export type NodeOutcome = "succeeded" | "failed" | "parked" | "rescheduled";

/** A parked node (wait, approval) is resumed, not run again: done once its moment or decision has come. */
export async function resumeParked(
  db: Database,
  run: RunRow,
  node: FlowNode,
  prev: NodeRow,
  state: Map<string, NodeRow>,
): Promise<NodeOutcome> {
  if (node.type === "approval") {
    const { rows } = await sql<{
      status: string;
      payload: Json;
      comment: string | null;
      decided_by: string | null;
      expired: boolean;
    }>`
      update public.flow_approvals
         set status = case when status = 'pending' and expires_at is not null and expires_at <= now() then 'expired' else status end
       where run_id = ${run.id} and node_id = ${node.id}
   returning status, payload, comment, decided_by, false as expired`.execute(db);
    const a = rows[0];
    if (!a || a.status === "pending") return "parked";
    const port = a.status === "approved" ? "approved" : a.status === "rejected" ? "rejected" : "timeout";
    await commit(db, run, state, {
      nodeId: node.id,
      status: "succeeded",
      attempt: prev.attempt,
      input: prev.input,
      output: {
        decision: a.status,
        payload: a.payload ?? null,
        comment: a.comment,
        decidedBy: a.decided_by,
        input: prev.input,
      },
      port,
      error: null,
    });
    return "succeeded";
  }
  // wait: done once its moment has come (an early wake-up parks it again).
  const until = new Date(String((prev.output as { until?: string } | null)?.until ?? 0));
  if (until.getTime() > Date.now()) {
    await scheduleRun(db, run.id, until);
    return "parked";
  }
  await commit(db, run, state, {
    nodeId: node.id,
    status: "succeeded",
    attempt: prev.attempt,
    input: prev.input,
    output: prev.input,
    port: "out",
    error: null,
  });
  return "succeeded";
}
