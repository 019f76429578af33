import { sql } from "kysely";
import { assertWithinLimit } from "../../billing/entitlements";
import type { Database } from "../../db/client";
import { AppError } from "../../errors";
import { flowGraphSchema, type Json } from "../graph-schema";
import type { RunStatus } from "./run-store";

export type RunTrigger = "manual" | "webhook" | "schedule" | "event" | "api" | "mcp" | "subflow" | "retry";

export interface StartRunRequest {
  workspaceId: string;
  flowId: string;
  /** draft: the editor's Test run; the draft graph is kept on the run. */
  source: "published" | "draft";
  trigger: RunTrigger;
  triggerNodeId?: string;
  input: Json;
  /** The same delivery again (a webhook's id, an event, a tick) finds the existing run. */
  dedupeKey?: string;
  createdBy?: string | null;
  parent?: { runId: string; nodeId: string };
}

const MAX_INPUT_BYTES = 1_000_000;

/**
 * Records a run and queues it for the worker in one transaction
 * (graphile_worker.add_job is a row in the same database), so a run is never
 * stored without its job or queued without its row.
 */
export async function startRun(
  db: Database,
  req: StartRunRequest,
): Promise<{ runId: string; created: boolean; status: RunStatus }> {
  const input = JSON.stringify(req.input ?? {});
  if (input.length > MAX_INPUT_BYTES)
    throw new AppError("payload_too_large", "A run's input is at most 1 MB of JSON.");
  // The plan's monthly run limit: 402 plan_limit to whoever started it. Sub-flows ride on their parent.
  if (!req.parent) await assertWithinLimit(db, req.workspaceId, "flow_run");
  return db.transaction().execute(async (tx) => {
    const flow = await sql<{ published_version: number | null; draft: unknown }>`
      select published_version, ${req.source === "draft" ? sql`draft` : sql`null::jsonb`} as draft
        from public.flows where id = ${req.flowId} and workspace_id = ${req.workspaceId}`.execute(tx);
    const f = flow.rows[0];
    if (!f) throw new AppError("not_found", "That flow does not exist in this workspace.");
    let version: number | null = null;
    let graph: string | null = null;
    if (req.source === "published") {
      if (f.published_version === null) throw new AppError("conflict", "Publish the flow before running it.");
      version = f.published_version;
    } else {
      const parsed = flowGraphSchema.safeParse(f.draft);
      if (!parsed.success) throw new AppError("validation_failed", "The draft is not a valid graph.");
      graph = JSON.stringify(parsed.data);
    }
    const inserted = await sql<{ id: string }>`
      insert into public.flow_runs (workspace_id, flow_id, version, graph, trigger, trigger_node_id, input, dedupe_key,
                                    created_by, parent_run_id, parent_node_id)
      values (${req.workspaceId}, ${req.flowId}, ${version}, ${graph}::jsonb, ${req.trigger}, ${req.triggerNodeId ?? null},
              ${input}::jsonb, ${req.dedupeKey ?? null}, ${req.createdBy ?? null}, ${req.parent?.runId ?? null},
              ${req.parent?.nodeId ?? null})
      on conflict (flow_id, dedupe_key) where dedupe_key is not null do nothing
      returning id`.execute(tx);
    const id = inserted.rows[0]?.id;
    if (id) {
      await sql`select graphile_worker.add_job('flow_run', json_build_object('runId', ${id}::uuid),
                  job_key => ${id}, max_attempts => 10)`.execute(tx);
      return { runId: id, created: true, status: "queued" as RunStatus };
    }
    const existing = await sql<{ id: string; status: RunStatus }>`
      select id, status from public.flow_runs where flow_id = ${req.flowId} and dedupe_key = ${req.dedupeKey ?? null}`.execute(
      tx,
    );
    const e = existing.rows[0];
    if (!e) throw new AppError("conflict", "That run could not be started; try again.");
    return { runId: e.id, created: false, status: e.status };
  });
}
