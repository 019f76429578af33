import type { WorkerEvents } from "graphile-worker";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "../db/client";
import type { DB } from "../db/types";
import { logger } from "../logger";

/**
 * Frees jobs held by dead workers. graphile-worker 0.17 only re-offers a job
 * locked by a vanished worker after four hours; a flow run (or any job) must
 * resume in seconds. Each process beats for its own worker ids and, on the
 * same timer, unlocks jobs whose locking worker has not beaten for
 * `staleAfterMs` (WORKER_STALE_AFTER_MS, default 30 s). Pass the same
 * `events` emitter to graphile's `run()` so no worker is created unseen.
 * It also releases locks its own workers hold on jobs they are neither running
 * nor holding in the local queue (a job whose completion could not be written
 * while the database was down). A worker that is alive
 * but busy for long keeps beating, so its jobs are never taken from it.
 */
export function startLiveness(
  events: WorkerEvents,
  connectionString: string,
  opts: { beatMs?: number; staleAfterMs?: number } = {},
) {
  const staleAfterMs = opts.staleAfterMs ?? (Number(process.env.WORKER_STALE_AFTER_MS) || 30_000);
  const beatMs = opts.beatMs ?? Math.max(250, Math.min(5000, Math.floor(staleAfterMs / 4)));
  const ids = new Set<string>();
  /** Jobs this process is running now, by id. */
  const active = new Set<string>();
  // graphile 0.17 locks jobs in its worker pool's name (and older code paths in a worker's).
  events.on("pool:create", ({ workerPool }) => {
    ids.add(workerPool.id);
  });
  events.on("worker:create", ({ worker }) => {
    ids.add(worker.workerId);
  });
  events.on("job:start", ({ job }) => {
    active.add(String(job.id));
  });
  events.on("job:complete", ({ job }) => {
    active.delete(String(job.id));
  });
  // Jobs the pool's local queue has locked but not yet started are held, not leaked.
  events.on("localQueue:getJobs:complete", ({ jobs }) => {
    for (const job of jobs) active.add(String(job.id));
  });
  events.on("localQueue:returnJobs", ({ jobs }) => {
    for (const job of jobs) active.delete(String(job.id));
  });
  // Its own connection, with timeouts: the beat must go on when the shared pool is busy or stuck
  // (a database restart can leave it waiting), since that is exactly when jobs need releasing.
  const pool = new pg.Pool({
    connectionString,
    max: 1,
    connectionTimeoutMillis: 5000,
    statement_timeout: 10_000,
    idleTimeoutMillis: 60_000,
  });
  pool.on("error", () => undefined);
  const db: Database = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let stopped = false;
  let running: Promise<void> | undefined;
  const beat = async () => {
    if (ids.size > 0) {
      await sql`insert into private.worker_heartbeats (worker_id, seen_at)
                select unnest(${[...ids]}::text[]), now()
                on conflict (worker_id) do update set seen_at = now()`.execute(db);
    }
    const freed = await sql<{ locked_by: string }>`
      select distinct j.locked_by from graphile_worker._private_jobs j
       where j.locked_by is not null
         and j.locked_at < now() - make_interval(secs => ${staleAfterMs / 1000})
         and not exists (select 1 from private.worker_heartbeats h
                          where h.worker_id = j.locked_by and h.seen_at > now() - make_interval(secs => ${staleAfterMs / 1000}))`.execute(
      db,
    );
    const dead = freed.rows.map((r) => r.locked_by);
    if (dead.length > 0) {
      await sql`select graphile_worker.force_unlock_workers(${dead}::text[])`.execute(db);
      logger.warn({ workers: dead }, "worker: unlocked the jobs of workers that stopped beating");
    }
    // Locks this process holds on jobs it is not running: a job whose completion could not be
    // recorded (the database went away mid-job) stays locked by a live worker. Release them.
    if (ids.size > 0) {
      const leaked = await sql<{ id: string }>`
        update graphile_worker._private_jobs set locked_at = null, locked_by = null
         where locked_by = any(${[...ids]}::text[]) and locked_at < now() - make_interval(secs => ${beatMs / 1000})
           and not (id::text = any(${[...active]}::text[]))
     returning id::text`.execute(db);
      if (leaked.rows.length > 0) {
        logger.warn(
          { jobs: leaked.rows.map((r) => r.id) },
          "worker: released jobs whose completion was never recorded",
        );
      }
    }
    await sql`delete from private.worker_heartbeats where seen_at < now() - interval '1 day'`.execute(db);
  };
  const tick = () => {
    if (stopped || running) return;
    running = beat()
      .catch((err) => logger.warn({ err }, "worker: liveness beat failed"))
      .finally(() => {
        running = undefined;
      });
  };
  let timer: NodeJS.Timeout | undefined;
  return {
    /** After graphile's run() has installed its schema. */
    start() {
      timer = setInterval(tick, beatMs);
      timer.unref();
      tick();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await db.destroy();
    },
  };
}
