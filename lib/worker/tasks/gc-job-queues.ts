import type { Task } from "graphile-worker";
import { sql } from "kysely";
import type { Database } from "../../db/client";
import { logger } from "../../logger";

/**
 * graphile-worker keeps a row per named job queue forever, and every job fetch
 * scans the available ones (its "strategy 2": `job_queue_id in (select id
 * from _private_job_queues where is_available for update skip locked)`).
 * Channel replies queue per conversation ('channel:<id>', so one
 * conversation's replies run in order), which made that scan grow with every
 * conversation a channel ever had: measured here, +1.2 ms per fetch at 2,000
 * queues, +12 ms at 20,000, +63 ms at 100,000. This task deletes the queues
 * no job uses, every minute, so they stay at about a minute's conversations.
 *
 * The table lock makes that safe against a concurrent add_job: it conflicts
 * with the ROW EXCLUSIVE lock add_jobs takes when it upserts a queue, so
 * every transaction that may add a job to an existing (empty) queue has
 * committed before the delete looks, and none can start until it is done.
 * Without it, a job could be added to a queue in the instant it is deleted
 * and never run (graphile finds a queued job only through its queue's row).
 * While it waits for the lock, every later add_job and job fetch queues behind
 * it (PostgreSQL grants locks in order), so it waits briefly: when a
 * transaction that added a job is still open after `lockTimeoutMs`, it skips
 * this turn and the next minute's run does the work.
 */
export async function gcJobQueues(db: Database, lockTimeoutMs = 100): Promise<number | null> {
  try {
    return await db.transaction().execute(async (tx) => {
      await sql`select set_config('lock_timeout', ${`${Math.max(1, Math.floor(lockTimeoutMs))}ms`}, true)`.execute(
        tx,
      );
      await sql`lock table graphile_worker._private_job_queues in share row exclusive mode`.execute(tx);
      const { rows } = await sql<{ n: number }>`
        with gone as (
          delete from graphile_worker._private_job_queues q
           where q.locked_at is null
             and not exists (select 1 from graphile_worker._private_jobs j where j.job_queue_id = q.id)
          returning 1)
        select count(*)::int as n from gone`.execute(tx);
      return rows[0]?.n ?? 0;
    });
  } catch (e) {
    // lock_not_available: the queue is busy right now; the next minute's run does it.
    if ((e as { code?: string }).code === "55P03") return null;
    throw e;
  }
}

export function gcJobQueuesTask(db: Database): Task {
  return async () => {
    const deleted = await gcJobQueues(db);
    if (deleted === null) logger.info("worker: job queues busy; their cleanup waits for the next run");
    else if (deleted > 0) logger.debug({ deleted }, "worker: unused job queues deleted");
  };
}
