import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Database } from "../../lib/db/client";
import { type FlowGraphInput, flowGraphSchema } from "../../lib/flows/graph-schema";

/**
 * Flows for engine tests, written straight to the tables (what publishing
 * stores), so the engine is tested on its own: a flow row and, unless
 * `draft`, version 1 of the graph as its published version.
 */
export async function createFlow(
  db: Database,
  workspaceId: string,
  graph: FlowGraphInput,
  opts: { draft?: boolean; name?: string } = {},
): Promise<string> {
  const parsed = flowGraphSchema.parse(graph);
  const token = randomBytes(32).toString("base64url");
  const { rows } = await sql<{ id: string }>`
    insert into public.flows (workspace_id, name, draft, webhook_token_hash, webhook_token_enc)
    values (${workspaceId}, ${opts.name ?? `Flow ${randomBytes(3).toString("hex")}`}, ${JSON.stringify(parsed)}::jsonb,
            ${createHash("sha256").update(token).digest("hex")}, 'test-only')
    returning id`.execute(db);
  const id = (rows[0] as { id: string }).id;
  if (!opts.draft) {
    await sql`insert into public.flow_versions (workspace_id, flow_id, version, graph)
              values (${workspaceId}, ${id}, 1, ${JSON.stringify(parsed)}::jsonb)`.execute(db);
    await sql`update public.flows set published_version = 1 where id = ${id}`.execute(db);
  }
  return id;
}

export interface RunRecord {
  id: string;
  status: string;
  output: unknown;
  error: { code: string; message: string; nodeId?: string } | null;
  response: unknown;
}

export async function readRun(db: Database, runId: string): Promise<RunRecord> {
  const { rows } =
    await sql<RunRecord>`select id, status, output, error, response from public.flow_runs where id = ${runId}`.execute(
      db,
    );
  if (!rows[0]) throw new Error(`no run ${runId}`);
  return rows[0];
}

export async function nodeResults(db: Database, runId: string) {
  const { rows } = await sql<{
    node_id: string;
    status: string;
    port: string | null;
    output: unknown;
    attempt: number;
    error: unknown;
  }>`
    select node_id, status, port, output, attempt, error from public.flow_node_runs where run_id = ${runId} order by started_at`.execute(
    db,
  );
  return Object.fromEntries(rows.map((r) => [r.node_id, r]));
}

/** Polls until the run reaches one of `statuses`. */
export async function waitForRun(
  db: Database,
  runId: string,
  statuses: string[] = ["succeeded", "failed", "canceled"],
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await readRun(db, runId);
    if (statuses.includes(run.status)) return run;
    if (Date.now() > deadline)
      throw new Error(`run ${runId} is ${run.status}, not ${statuses.join("/")}, after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Builds edges tersely: "a>b", "c:true>d", "m>n:b". */
export function edges(...specs: string[]) {
  return specs.map((spec, i) => {
    const [from, to] = spec.split(">") as [string, string];
    const [source, sourceHandle = "out"] = from.split(":");
    const [target, targetHandle = "in"] = to.split(":");
    return { id: `e${i}`, source: source as string, sourceHandle, target: target as string, targetHandle };
  });
}
