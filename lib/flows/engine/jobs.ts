import type { Task } from "graphile-worker";
import { sql } from "kysely";
import type { Database } from "../../db/client";
import { logger } from "../../logger";
import { executeRun } from "./execute-run";

/** graphile-worker task `flow_run`: executes or resumes one run. */
export function flowRunTask(db: Database): Task {
  return async (payload) => {
    const runId = (payload as { runId?: string } | null)?.runId;
    if (typeof runId !== "string") return;
    try {
      await executeRun(db, runId);
    } catch (err) {
      // A database or worker failure: graphile retries the job, and the run resumes from its last checkpoint.
      logger.warn({ err, runId }, "flows: run execution failed; the job will be retried");
      throw err;
    }
  };
}

/** graphile-worker task `flow_prune` (daily): runs older than each workspace's retention go. */
export function flowPruneTask(db: Database): Task {
  return async () => {
    const { rows } = await sql<{ n: number }>`
      with gone as (
        delete from public.flow_runs r
         where r.status in ('succeeded', 'failed', 'canceled')
           and r.created_at < now() - make_interval(days => coalesce(
                 (select s.run_retention_days from public.flow_settings s where s.workspace_id = r.workspace_id), 30))
        returning 1)
      select count(*)::int as n from gone`.execute(db);
    logger.info({ pruned: rows[0]?.n ?? 0 }, "flows: pruned old runs");
  };
}
