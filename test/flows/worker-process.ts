// A worker in its own process, for the fault tests: `kill -9` takes exactly it.
import { getDb } from "../../lib/db/client";
import { startWorker } from "../../lib/worker";

const runner = await startWorker({
  connectionString: process.env.DATABASE_URL as string,
  db: getDb(),
  concurrency: 2,
});
process.stdout.write("worker ready\n");
process.on("SIGTERM", () => {
  void runner.stop().then(() => process.exit(0));
});
