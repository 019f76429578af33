import { runMigrations } from "graphile-worker";
import { sql } from "kysely";
import type { Database } from "@/lib/db/client";
import { type FlowGraphInput, flowGraphSchema } from "@/lib/flows/graph-schema";
import { syncFlowTriggers } from "@/lib/flows/triggers/sync";
import { encryptWebhookSecret, webhookTokenColumns } from "@/lib/flows/triggers/webhook-secret";
import { asService, type SeedWorkspace, uniq } from "../db/workspace-kit";

// Flows for the trigger tests, written the way publishing writes them: the
// flow, its immutable version 1, then flow_triggers rebuilt from that graph.

export interface SeededFlow {
  flowId: string;
  token: string;
  secret: string | null;
}

/** graphile-worker's schema (the worker creates it at start-up; the event and enqueue SQL call into it). */
export async function ensureQueueSchema(url: string): Promise<void> {
  await runMigrations({ connectionString: url });
}

export async function seedFlow(
  db: Database,
  ws: SeedWorkspace,
  graph: FlowGraphInput,
  opts: { enabled?: boolean; secret?: string; publish?: boolean; now?: Date } = {},
): Promise<SeededFlow> {
  const parsed = flowGraphSchema.parse(graph);
  return asService(db, async (tx) => {
    const flowId = crypto.randomUUID();
    const tok = await webhookTokenColumns(ws.id, flowId);
    await tx
      .insertInto("flows")
      .values({
        id: flowId,
        workspace_id: ws.id,
        name: `Flow ${uniq()}`,
        draft: JSON.stringify(parsed),
        enabled: opts.enabled ?? true,
        webhook_token_hash: tok.webhook_token_hash,
        webhook_token_enc: tok.webhook_token_enc,
        webhook_secret_enc: opts.secret ? encryptWebhookSecret(ws.id, flowId, opts.secret) : null,
      })
      .execute();
    if (opts.publish !== false) {
      await tx
        .insertInto("flow_versions")
        .values({ workspace_id: ws.id, flow_id: flowId, version: 1, graph: JSON.stringify(parsed) })
        .execute();
      await tx.updateTable("flows").set({ published_version: 1 }).where("id", "=", flowId).execute();
      await syncFlowTriggers(tx, { workspaceId: ws.id, flowId, version: 1, graph: parsed }, opts.now);
    }
    return { flowId, token: tok.token, secret: opts.secret ?? null };
  });
}

export function triggerNode(id: string, type: string, config: Record<string, unknown>) {
  return { id, type, name: id, config, position: { x: 0, y: 0 } };
}

export async function runsOf(db: Database, flowId: string) {
  return db
    .selectFrom("flow_runs")
    .select(["id", "status", "trigger", "trigger_node_id", "input", "dedupe_key", "version"])
    .where("flow_id", "=", flowId)
    .orderBy("created_at")
    .execute();
}

/** The queued `flow_run` jobs for these runs (graphile-worker's jobs view). */
export async function runJobs(db: Database, runIds: string[]): Promise<string[]> {
  if (runIds.length === 0) return [];
  const { rows } = await sql<{ key: string }>`
    select key from graphile_worker.jobs where task_identifier = 'flow_run' and key = any(${runIds}::text[])`.execute(
    db,
  );
  return rows.map((r) => r.key);
}

export async function eventJobs(db: Database, workspaceId: string) {
  const { rows } = await sql<{
    id: string;
    payload: { event: string; eventId: string; payload: Record<string, unknown> };
  }>`
    select j.id::text, j.payload from graphile_worker._private_jobs j
    join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = 'flow_event' and j.payload ->> 'workspaceId' = ${workspaceId}
    order by j.id`.execute(db);
  return rows;
}
