import { type Runner, run, type TaskList } from "graphile-worker";
import type { Database } from "../db/client";
import { cleanupAuth } from "./tasks/cleanup-auth";

export function taskList(db: Database): TaskList {
  return { cleanup_auth: cleanupAuth(db) };
}

// Later issues add partition upkeep, usage roll-ups, workflows and webhooks here.
export const crontab = ["15 3 * * * cleanup_auth ?max=1"].join("\n");

export async function startWorker(opts: {
  connectionString: string;
  db: Database;
  concurrency?: number;
}): Promise<Runner> {
  return run({
    connectionString: opts.connectionString,
    concurrency: opts.concurrency ?? 4,
    noHandleSignals: true,
    pollInterval: 2000,
    taskList: taskList(opts.db),
    crontab,
  });
}
