import { type Kysely, sql } from "kysely";
import type { DB } from "../db/types";
import { billingEnabled } from "../env";
import type { AppError } from "../errors";
import { planLimitError, workspacePlan } from "./entitlements";
import { limitOf } from "./plans";

/**
 * Runs recorded straight in SQL (webhooks, schedules, events, the edge
 * functions: private.flow_enqueue_run) are checked when the worker first
 * picks them up: a run over the plan's monthly limit then ends failed with
 * `plan_limit`, visible in the run list, never silently dropped. Runs are
 * taken in the order they were recorded, so a burst is admitted up to the
 * limit and refused past it, whichever worker gets which job.
 *
 * Answers the error to fail the run with, or null when it may run.
 */
export async function flowRunRefusal(
  db: Kysely<DB>,
  workspaceId: string,
  runId: string,
): Promise<AppError | null> {
  if (!billingEnabled()) return null;
  const wp = await workspacePlan(db, workspaceId);
  const limit = limitOf(wp.plan, "flow_run");
  if (limit === null) return null;
  const { rows } = await sql<{ parent_run_id: string | null; earlier: string }>`
    select r.parent_run_id,
           (select count(*) from public.flow_runs e
             where e.workspace_id = r.workspace_id and e.created_at >= date_trunc('month', now(), 'UTC')
               and (e.created_at, e.id) < (r.created_at, r.id) and e.parent_run_id is null
               and not (e.status = 'failed' and e.error ->> 'code' = 'plan_limit')) as earlier
      from public.flow_runs r where r.id = ${runId}::uuid and r.workspace_id = ${workspaceId}::uuid`.execute(
    db,
  );
  const r = rows[0];
  // Sub-flows ride on their parent's run.
  if (!r || r.parent_run_id !== null) return null;
  const used = Number(r.earlier);
  if (used + 1 <= limit) return null;
  return planLimitError("flow_run", wp.plan, { allowed: false, limit, used, warn: true }, wp.slug);
}
