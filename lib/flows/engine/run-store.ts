import { sql } from "kysely";
import type { Database } from "../../db/client";
import { statementBatcher } from "../../db/statement-batcher";
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

type LoadedRow = {
  claim: string;
  run_id: string;
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
};

/**
 * Claims runs (private.flow_claim_runs: the workspaces' concurrency limits)
 * and reads each claimed one, its graph and its committed node results, in
 * one round trip for all the runs this worker starts together. The read sees
 * the rows as they were before the claim's update, which changes only the status.
 */
async function claimAndLoadRuns(db: Database, runIds: string[]): Promise<(LoadedRow | undefined)[]> {
  const unique = [...new Set(runIds)];
  const { rows } = await sql<LoadedRow>`
    with c as materialized (select * from private.flow_claim_runs(${unique}::uuid[]))
    select c.claim, c.run_id, r.id, r.workspace_id, r.flow_id, r.version, r.status, r.trigger_node_id, r.input,
           r.cancel_requested, r.parent_run_id,
           coalesce(r.graph, v.graph) as graph,
           (select json_agg(json_build_object('nodeId', n.node_id, 'itemKey', n.item_key, 'status', n.status,
                   'attempt', n.attempt, 'input', n.input, 'output', n.output, 'port', n.port, 'error', n.error))
              from public.flow_node_runs n where n.run_id = r.id) as nodes
      from c
      left join public.flow_runs r on r.id = c.run_id and c.claim = 'claimed'
      left join public.flow_versions v on v.flow_id = r.flow_id and v.version = r.version`.execute(db);
  const byId = new Map(rows.map((r) => [r.run_id, r]));
  // The same run twice in one batch (two jobs for it at once): the first goes, the others wait their turn.
  const seen = new Set<string>();
  return runIds.map((id) => {
    if (seen.has(id)) return { ...(byId.get(id) as LoadedRow), claim: "busy", id: null };
    seen.add(id);
    return byId.get(id);
  });
}

const claimBatchers = new WeakMap<Database, (runId: string) => Promise<LoadedRow | undefined>>();

/** Claims and loads one run; runs this worker starts at the same time share the statement. */
export async function claimAndLoadRun(
  db: Database,
  runId: string,
): Promise<{ claim: string; loaded: { run: RunRow; graph: FlowGraph; nodes: NodeRow[] } | null }> {
  let claimOne = claimBatchers.get(db);
  if (!claimOne) {
    claimOne = statementBatcher((ids: string[]) => claimAndLoadRuns(db, ids), {
      maxBatch: 64,
      maxInFlight: 2,
    });
    claimBatchers.set(db, claimOne);
  }
  const row = await claimOne(runId);
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

type SavedNode = NodeRow & { startedAt: Date; finishedAt: Date | null };
type NodeWrite = { run: RunRow; n: SavedNode };

/** Node checkpoints of runs going on together (this worker runs several) in one upsert. */
async function saveNodes(db: Database, writes: NodeWrite[]): Promise<undefined[]> {
  const rows = writes.map(({ run, n }) => ({
    workspace_id: run.workspaceId,
    run_id: run.id,
    node_id: n.nodeId,
    item_key: n.itemKey,
    status: n.status,
    attempt: n.attempt,
    input: n.input ?? null,
    output: n.output ?? null,
    port: n.port,
    error: n.error ?? null,
    started_at: n.startedAt.toISOString(),
    finished_at: n.finishedAt ? n.finishedAt.toISOString() : null,
    duration_ms: n.finishedAt ? Math.round(n.finishedAt.getTime() - n.startedAt.getTime()) : null,
  }));
  await sql`
    insert into public.flow_node_runs (workspace_id, run_id, node_id, item_key, status, attempt, input, output, port,
                                       error, started_at, finished_at, duration_ms)
    select x.workspace_id, x.run_id, x.node_id, x.item_key, x.status, x.attempt, x.input, x.output, x.port, x.error,
           x.started_at, x.finished_at, x.duration_ms
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(
        workspace_id uuid, run_id uuid, node_id text, item_key text, status text, attempt int, input jsonb,
        output jsonb, port text, error jsonb, started_at timestamptz, finished_at timestamptz, duration_ms int)
    on conflict (run_id, node_id, item_key) do update set
      status = excluded.status, attempt = excluded.attempt, input = excluded.input, output = excluded.output,
      port = excluded.port, error = excluded.error, started_at = excluded.started_at,
      finished_at = excluded.finished_at, duration_ms = excluded.duration_ms`.execute(db);
  return writes.map(() => undefined);
}

type Finish = {
  run: RunRow;
  status: "succeeded" | "failed" | "canceled";
  fields: { output?: Json; error?: Json };
};

async function finishRuns(db: Database, finishes: Finish[]): Promise<undefined[]> {
  const rows = finishes.map((f) => ({
    id: f.run.id,
    workspace_id: f.run.workspaceId,
    status: f.status,
    output: f.fields.output ?? null,
    error: f.fields.error ?? null,
  }));
  await sql`update public.flow_runs r
               set status = x.status, output = x.output, error = x.error, finished_at = now()
              from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
                   as x(id uuid, workspace_id uuid, status text, output jsonb, error jsonb)
             where r.id = x.id and r.workspace_id = x.workspace_id`.execute(db);
  return finishes.map(() => undefined);
}

// Group commit per database handle (lib/db/statement-batcher.ts): a run still waits for its own
// checkpoint to commit before its next node starts; runs going on together share the statement.
const batchers = new WeakMap<
  Database,
  { node: (w: NodeWrite) => Promise<undefined>; finish: (f: Finish) => Promise<undefined> }
>();
function batcherFor(db: Database) {
  let b = batchers.get(db);
  if (!b) {
    b = {
      node: statementBatcher((w: NodeWrite[]) => saveNodes(db, w), { maxBatch: 64, maxInFlight: 2 }),
      finish: statementBatcher((f: Finish[]) => finishRuns(db, f), { maxBatch: 64, maxInFlight: 2 }),
    };
    batchers.set(db, b);
  }
  return b;
}

/** Commits one node's state: the checkpoint a resumed run starts from. */
export async function saveNode(db: Database, run: RunRow, n: SavedNode): Promise<void> {
  await batcherFor(db).node({ run, n });
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
  await batcherFor(db).finish({ run, status, fields });
}

export async function setRunStatus(db: Database, run: RunRow, status: RunStatus): Promise<void> {
  await sql`update public.flow_runs set status = ${status}
             where id = ${run.id} and workspace_id = ${run.workspaceId}`.execute(db);
}
