import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { openDb, uniq } from "@/test/db/workspace-kit";
import { ensureQueueSchema } from "@/test/flows/triggers-kit";
import { gate } from "@/test/gate";
import { gcJobQueues } from "./tasks/gc-job-queues";

// graphile-worker's named queues (one per channel conversation) are deleted
// once no job uses them, without ever leaving a queued job without its queue.

let db: Database;
beforeAll(async () => {
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  db = openDb();
});
afterAll(async () => {
  await db.destroy();
});

const addJob = (queue: string, key?: string) =>
  sql`select graphile_worker.add_job('gc_test_task', '{}'::json, queue_name => ${queue}, job_key => ${key ?? null})`.execute(
    db,
  );
const queueIds = async (names: string[]) => {
  const { rows } = await sql<{ queue_name: string; id: number }>`
    select queue_name, id from graphile_worker._private_job_queues where queue_name = any(${names}::text[])`.execute(
    db,
  );
  return new Map(rows.map((r) => [r.queue_name, r.id]));
};
const removeJob = (key: string) => sql`select graphile_worker.remove_job(${key})`.execute(db);

describe("gc of job queues", () => {
  it("deletes the queues no job uses and keeps those in use or locked by a worker", async () => {
    const [used, empty, locked] = [`gc:${uniq()}`, `gc:${uniq()}`, `gc:${uniq()}`];
    await addJob(used);
    await addJob(empty, `k-${empty}`);
    await removeJob(`k-${empty}`);
    await addJob(locked, `k-${locked}`);
    await removeJob(`k-${locked}`);
    await sql`update graphile_worker._private_job_queues set locked_at = now(), locked_by = 'w1' where queue_name = ${locked}`.execute(
      db,
    );
    expect((await queueIds([used, empty, locked])).size).toBe(3);

    // A generous wait: other test files add jobs in parallel on the same database.
    expect(await gcJobQueues(db, 10_000)).toBeGreaterThanOrEqual(1);
    expect([...(await queueIds([used, empty, locked])).keys()].sort()).toEqual([used, locked].sort());
    await sql`update graphile_worker._private_job_queues set locked_at = null, locked_by = null where queue_name = ${locked}`.execute(
      db,
    );
    await sql`delete from graphile_worker._private_jobs where job_queue_id in (select id from graphile_worker._private_job_queues where queue_name = ${used})`.execute(
      db,
    );
    expect(await gcJobQueues(db, 10_000)).not.toBeNull();
    expect((await queueIds([used, locked])).size).toBe(0);
  });

  it("waits for a transaction adding a job to an empty queue, and keeps that queue", async () => {
    const name = `gc:${uniq()}`;
    await addJob(name, `k-${name}`);
    await removeJob(`k-${name}`); // the queue is empty now: a candidate
    const commit = gate();
    const added = gate();
    const adding = db.transaction().execute(async (tx) => {
      await sql`select graphile_worker.add_job('gc_test_task', '{}'::json, queue_name => ${name})`.execute(
        tx,
      );
      added.open();
      await commit.wait;
    });
    await added.wait;
    let done = false;
    const gc = gcJobQueues(db, 10_000).then((n) => {
      done = true;
      return n;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(done).toBe(false); // waiting on the adder's lock, not deleting under it
    commit.open();
    await adding;
    await gc;
    // The job's queue is still there: the worker can find and run it.
    const { rows } = await sql<{ ok: boolean }>`
      select exists (select 1 from graphile_worker._private_jobs j
                       join graphile_worker._private_job_queues q on q.id = j.job_queue_id
                      where q.queue_name = ${name}) as ok`.execute(db);
    expect(rows[0]?.ok).toBe(true);
    await sql`delete from graphile_worker._private_jobs where job_queue_id in (select id from graphile_worker._private_job_queues where queue_name = ${name})`.execute(
      db,
    );
  });

  it("skips its turn (null) when the queue table stays busy past its lock timeout", async () => {
    const name = `gc:${uniq()}`;
    const release = gate();
    const held = gate();
    const holder = db.transaction().execute(async (tx) => {
      await sql`select graphile_worker.add_job('gc_test_task', '{}'::json, queue_name => ${name})`.execute(
        tx,
      );
      held.open();
      await release.wait;
    });
    await held.wait;
    expect(await gcJobQueues(db, 100)).toBeNull();
    release.open();
    await holder;
    expect((await queueIds([name])).size).toBe(1);
    await sql`delete from graphile_worker._private_jobs where job_queue_id in (select id from graphile_worker._private_job_queues where queue_name = ${name})`.execute(
      db,
    );
  });
});
