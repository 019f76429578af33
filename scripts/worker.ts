// `npm run worker`: background jobs over the same database (graphile-worker).
import { createDb } from "../lib/db/client";
import { env } from "../lib/env";
import { logger } from "../lib/logger";
import { startWorker } from "../lib/worker";

const url = env().DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. `npm run dev` starts the worker with the embedded database.");
  process.exit(1);
}
// Jobs run at once in this process (flow runs mostly wait on the database and the network).
const requested = Number(process.env.WORKER_CONCURRENCY ?? 4);
const concurrency = Number.isInteger(requested) && requested >= 1 && requested <= 64 ? requested : 4;
// The worker's own writes (flow checkpoints) commit without waiting for the disk: every job ends
// with graphile's synchronous commit, which makes all earlier WAL durable, and a write lost to a
// database crash before that is redone when the job runs again (side effects keep their keys).
const { db } = createDb(url, concurrency + 2, { asyncCommit: true });
const runner = await startWorker({ connectionString: url, db, concurrency });
logger.info("worker started");

async function shutdown() {
  await runner.stop();
  await db.destroy();
  process.exit(0);
}
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
await runner.promise;
