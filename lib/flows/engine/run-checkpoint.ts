import { sql } from "kysely";
import type { Database } from "../../db/client";
import type { FlowNode } from "../graph-schema";
import { finishRun, type NodeRow, type RunRow, saveNode } from "./run-store";

/** Commits one node's state (the checkpoint a resumed run starts from) and keeps the executor's copy in step. */
export async function commit(
  db: Database,
  run: RunRow,
  state: Map<string, NodeRow>,
  row: Omit<NodeRow, "attempt" | "itemKey"> & { attempt?: number; startedAt?: Date },
) {
  const full: NodeRow = { itemKey: "", attempt: row.attempt ?? 1, ...row };
  const now = new Date();
  await saveNode(db, run, {
    ...full,
    startedAt: row.startedAt ?? now,
    finishedAt: row.status === "running" || row.status === "waiting" ? null : now,
  });
  state.set(row.nodeId, full);
}

export async function failRun(
  db: Database,
  run: RunRow,
  node: FlowNode,
  error: { code: string; message: string },
) {
  await finishRun(db, run, "failed", { error: { ...error, nodeId: node.id, nodeName: node.name } });
}

export async function cancelRequested(db: Database, run: RunRow): Promise<boolean> {
  const { rows } = await sql<{
    c: boolean;
  }>`select cancel_requested as c from public.flow_runs where id = ${run.id}`.execute(db);
  return rows[0]?.c === true;
}
