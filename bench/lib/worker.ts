import { type ChildProcess, spawn } from "node:child_process";
import { sql } from "kysely";
import { createDb } from "../../lib/db/client";

/**
 * The production worker (scripts/worker.ts) in its own process beside the bench
 * server, on the same database and secrets; resolves once its liveness beat is
 * recorded. Stop it with stopWorkerProcess.
 */
export async function startWorkerProcess(
  databaseUrl: string,
  secrets: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  // BENCH_CPU_PROFILE=<dir>: the worker's V8 CPU profile too (written when it stops).
  const profile = process.env.BENCH_CPU_PROFILE;
  const prof = profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}/worker`] : [];
  const child = spawn(process.execPath, [...prof, "--import", "tsx", "scripts/worker.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      ...secrets,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "warn",
      ...env,
    },
  });
  const { db } = createDb(databaseUrl, 1);
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const beat = await sql<{ n: number }>`select count(*)::int as n from private.worker_heartbeats`
        .execute(db)
        .catch(() => ({ rows: [{ n: 0 }] }));
      if ((beat.rows[0]?.n ?? 0) > 0) break;
      if (child.exitCode !== null || Date.now() > deadline) throw new Error("worker did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await db.destroy();
  }
  return child;
}

export async function stopWorkerProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
}
