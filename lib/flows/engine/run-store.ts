import { sql } from "kysely";
import type { Database } from "../../db/client";
import { type FlowGraph, flowGraphSchema, type Json } from "../graph-schema";

/** What the executor reads and writes, in as few round trips as it can. */

export type RunStatus = "queued" | "running" | "waiting" | "succeeded" | "failed" | "canceled";
export type NodeStatus = "running" | "succeeded" | "failed" | "skipped" | "waiting";

export interface RunRow {
  id: string;
  workspaceId: string;
  flowId: string;
  version: number | null;
  status: RunStatus;
  triggerNodeId: string | null;
  input: Json;
  cancelRequested: boolean;
  parentRunId: string | null;
}

export interface NodeRow {
  nodeId: string;
  itemKey: string;
  status: NodeStatus;
  attempt: number;
  input: Json;
  output: Json;
  port: string | null;
  error: Json;
}

// Published versions never change (flow_versions is immutable): parse each once per process.
const versionCache = new Map<string, FlowGraph>();
const MAX_CACHED = 500;

/**
 * Claims the run (private.flow_claim_run: the workspace's concurrency limit)
 * and reads it, its graph and its committed node results, in one round trip.
 * The read sees the row as it was before the claim's update, which changes
 * only the status.
 */
export async function claimAndLoadRun(
  db: Database,
  runId: string,
): Promise<{ claim: string; loaded: { run: RunRow; graph: FlowGraph; nodes: NodeRow[] } | null }> {
  const { rows } = await sql<{
    claim: string;
    id: string | null;
    workspace_id: string;
    flow_id: string;
    version: number | null;
    status: RunStatus;
    trigger_node_id: string | null;
    input: Json;
    cancel_requested: boolean;
    parent_run_id: string | null;
    graph: unknown;
    nodes: NodeRow[] | null;
  }>`
    with c as materialized (select private.flow_claim_run(${runId}) as s)
    select c.s as claim, r.id, r.workspace_id, r.flow_id, r.version, r.status, r.trigger_node_id, r.input,
           r.cancel_requested, r.parent_run_id,
           coalesce(r.graph, v.graph) as graph,
           (select json_agg(json_build_object('nodeId', n.node_id, 'itemKey', n.item_key, 'status', n.status,
                   'attempt', n.attempt, 'input', n.input, 'output', n.output, 'port', n.port, 'error', n.error))
              from public.flow_node_runs n where n.run_id = r.id) as nodes
      from c
      left join public.flow_runs r on r.id = ${runId} and c.s = 'claimed'
      left join public.flow_versions v on v.flow_id = r.flow_id and v.version = r.version`.execute(db);
  const row = rows[0];
  const claim = row?.claim ?? "gone";
  if (!row || claim !== "claimed" || row.id === null) return { claim, loaded: null };
  const key = row.version === null ? null : `${row.flow_id}:${row.version}`;
  let graph = key ? versionCache.get(key) : undefined;
  if (!graph) {
    graph = flowGraphSchema.parse(row.graph);
    if (key) {
      if (versionCache.size >= MAX_CACHED) versionCache.delete(versionCache.keys().next().value as string);
      versionCache.set(key, graph);
    }
  }
  return {
    claim,
    loaded: {
      run: {
        id: row.id,
        workspaceId: row.workspace_id,
        flowId: row.flow_id,
        version: row.version,
        status: row.status,
        triggerNodeId: row.trigger_node_id,
        input: row.input,
        cancelRequested: row.cancel_requested,
        parentRunId: row.parent_run_id,
      },
      graph,
      nodes: row.nodes ?? [],
    },
  };
}

/** Commits one node's state: the checkpoint a resumed run starts from. */
export async function saveNode(
  db: Database,
  run: RunRow,
  n: NodeRow & { startedAt: Date; finishedAt: Date | null },
): Promise<void> {
  const duration = n.finishedAt ? Math.round(n.finishedAt.getTime() - n.startedAt.getTime()) : null;
  await sql`
    insert into public.flow_node_runs (workspace_id, run_id, node_id, item_key, status, attempt, input, output, port,
                                       error, started_at, finished_at, duration_ms)
    values (${run.workspaceId}, ${run.id}, ${n.nodeId}, ${n.itemKey}, ${n.status}, ${n.attempt},
            ${json(n.input)}::jsonb, ${json(n.output)}::jsonb, ${n.port}, ${json(n.error)}::jsonb,
            ${n.startedAt}, ${n.finishedAt}, ${duration})
    on conflict (run_id, node_id, item_key) do update set
      status = excluded.status, attempt = excluded.attempt, input = excluded.input, output = excluded.output,
      port = excluded.port, error = excluded.error, started_at = excluded.started_at,
      finished_at = excluded.finished_at, duration_ms = excluded.duration_ms`.execute(db);
}

/** JSON for a jsonb parameter; null stays SQL null. */
export const json = (v: Json | undefined): string | null =>
  v === null || v === undefined ? null : JSON.stringify(v);

/** Schedules (or re-schedules) the run's job; the job key keeps one pending job per run. */
export async function scheduleRun(db: Database, runId: string, at: Date | null, key = runId): Promise<void> {
  await sql`select graphile_worker.add_job('flow_run', json_build_object('runId', ${runId}::uuid),
              run_at => ${at ?? new Date()}, job_key => ${key}, max_attempts => 10)`.execute(db);
}

export async function finishRun(
  db: Database,
  run: RunRow,
  status: "succeeded" | "failed" | "canceled",
  fields: { output?: Json; error?: Json },
): Promise<void> {
  await sql`update public.flow_runs
               set status = ${status}, output = ${json(fields.output)}::jsonb, error = ${json(fields.error)}::jsonb,
                   finished_at = now()
             where id = ${run.id} and workspace_id = ${run.workspaceId}`.execute(db);
}

export async function setRunStatus(db: Database, run: RunRow, status: RunStatus): Promise<void> {
  await sql`update public.flow_runs set status = ${status}
             where id = ${run.id} and workspace_id = ${run.workspaceId}`.execute(db);
}
