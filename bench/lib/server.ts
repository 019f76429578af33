import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { freePort, startThrowawayDb, type ThrowawayDb } from "../../lib/db/throwaway";

export interface BenchServer {
  baseUrl: string;
  databaseUrl: string;
  /** The app server process (server/main.ts), for its CPU time. */
  pid: number | undefined;
  /** The secrets the server runs with: a worker beside it needs the same. */
  secrets: { AUTH_SECRET: string; SECRETS_KEYS: string };
  stop(): Promise<void>;
}

/** The production build on a throwaway database, as a user would run it. */
export async function startBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  if (!existsSync(".next/BUILD_ID")) throw new Error("Run `npm run build` before `npm run bench`.");
  const db: ThrowawayDb = await startThrowawayDb();
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  // BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of the server there when it stops.
  const profile = process.env.BENCH_CPU_PROFILE;
  const nodeArgs = profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : [];
  const secrets = {
    AUTH_SECRET: randomBytes(32).toString("hex"),
    SECRETS_KEYS: `k1:${randomBytes(32).toString("base64")}`,
  };
  // The production app server, as `npm start` runs it.
  const web: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, "--import", "tsx", "server/main.ts", "-p", String(port)],
    {
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: db.url,
        ...secrets,
        APP_URL: baseUrl,
        LOG_LEVEL: "warn",
        NEXT_TELEMETRY_DISABLED: "1",
        SIGN_UP_RATE_LIMIT: "100000",
        // Benchmarks sign up their own users (production defaults to invite-only).
        SIGNUP_POLICY: "open",
        ...env,
      },
    },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("bench server did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    databaseUrl: db.url,
    pid: web.pid,
    secrets,
    async stop() {
      await new Promise<void>((resolve) => {
        if (web.exitCode !== null) return resolve();
        web.once("exit", () => resolve());
        web.kill("SIGTERM");
      });
      await db.stop();
    },
  };
}
