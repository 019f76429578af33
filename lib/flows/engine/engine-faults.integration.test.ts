import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedWorkspace } from "../../../test/db/workspace-kit";
import { createFlow, edges, nodeResults, waitForRun } from "../../../test/flows/flow-run-kit";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "../../db/embedded-server";
import { migrate } from "../../db/migrate";
import { freePort } from "../../db/throwaway";
import type { DB } from "../../db/types";
import { startRun } from ".";

// The fault tests. Worker processes (test/flows/worker-process.ts) are
// killed with SIGKILL while a run sits inside a side effect; PostgreSQL itself
// is stopped and started mid-run. Each time the run completes, and the fake
// (which, like Stripe, applies a request once per Idempotency-Key) has applied
// each side effect exactly once. Own database: a restart must not disturb the
// other test files' shared one.

let pgServer: EmbeddedPostgres;
let dataParent: string;
let port: number;
let password: string;
let db: Kysely<DB>;
let fake: Server;
let fakeUrl: string;
const workers = new Set<ChildProcess>();
const received: string[] = [];
const applied = new Map<string, number>();
/** Requests to /hold wait here until released (or their connection dies). */
const held: ServerResponse[] = [];
let fakeHoldReleased = false;
/** Restart workers that exit by themselves (not ones this test kills). */
let supervise = false;

function openDb(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on("error", () => undefined); // the restart drops idle clients; the pool replaces them
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

function startWorkerProcess(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/flows/worker-process.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      SSRF_ALLOWLIST: "127.0.0.1",
      WORKER_STALE_AFTER_MS: "2000",
      LOG_LEVEL: process.env.FAULTS_DEBUG ? "warn" : "error",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  workers.add(child);
  child.on("exit", (code, signal) => {
    if (process.env.FAULTS_DEBUG) process.stderr.write(`worker exited: ${code} ${signal}\n`);
    // As scripts/dev.ts does for `npm run dev` / `npm start`: a worker that dies on its own is restarted.
    if (supervise && signal === null) void startWorkerProcess(url).catch(() => undefined);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("worker did not start")), 30_000);
    child.stdout?.on("data", (d: Buffer) => {
      if (process.env.FAULTS_DEBUG) process.stderr.write(d);
      if (d.toString().includes("worker ready")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once("exit", (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  dataParent = await mkdtemp(path.join(os.tmpdir(), "switchboard-faults-"));
  await chmod(dataParent, 0o755);
  port = await freePort();
  password = randomBytes(12).toString("hex");
  pgServer = await startEmbeddedPostgres({ dataDir: path.join(dataParent, "pg"), port, password });
  await migrate(pgServer.url);
  db = openDb(pgServer.url);
  fake = createServer((req, res) => {
    const key = String(req.headers["idempotency-key"] ?? "");
    received.push(`${req.url} ${key}`);
    const apply = () => applied.set(`${req.url} ${key}`, 1);
    if (req.url === "/hold" && !fakeHoldReleased) {
      // The effect happens when the request arrives; the answer is what gets lost.
      apply();
      held.push(res);
      return;
    }
    apply();
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
  await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  supervise = false;
  for (const w of workers) w.kill("SIGKILL");
  for (const r of held) r.destroy();
  fake?.close();
  await db?.destroy();
  await pgServer?.stop();
  if (dataParent) await rm(dataParent, { recursive: true, force: true });
});

const twoEffects = () => ({
  nodes: [
    { id: "start", type: "manual_trigger", name: "Start", config: {} },
    {
      id: "a",
      type: "http_request",
      name: "Charge",
      config: { method: "POST", url: `${fakeUrl}/hold` },
      timeoutMs: 60_000,
    },
    { id: "b", type: "http_request", name: "Notify", config: { method: "POST", url: `${fakeUrl}/after` } },
  ],
  edges: edges("start>a", "a>b"),
});

describe("flow runs survive crashes", () => {
  it("kill -9 of the worker between two side effects: a new worker completes the run, each effect applied once", async () => {
    const ws = await seedWorkspace(db, "faults-kill");
    const flowId = await createFlow(db, ws.id, twoEffects());
    const first = await startWorkerProcess(pgServer.url);
    const { runId } = await startRun(db, {
      workspaceId: ws.id,
      flowId,
      source: "published",
      trigger: "api",
      input: {},
    });
    await until(() => received.some((r) => r === `/hold ${runId}:a:`));
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    // The held request's connection is dead; further ones to /hold answer at once.
    for (const r of held.splice(0)) r.destroy();
    fakeHoldReleased = true;
    await startWorkerProcess(pgServer.url);
    const done = await waitForRun(db, runId, undefined, 60_000);
    expect(done.status).toBe("succeeded");
    expect(received.filter((r) => r === `/hold ${runId}:a:`)).toHaveLength(2); // sent again after the crash…
    expect(applied.get(`/hold ${runId}:a:`)).toBe(1); // …and applied once
    expect(received.filter((r) => r === `/after ${runId}:b:`)).toHaveLength(1);
    expect((await nodeResults(db, runId)).a?.attempt).toBe(2);
  }, 120_000);

  it("a PostgreSQL restart mid-run: the run completes and each effect is applied once", async () => {
    fakeHoldReleased = false;
    for (const w of workers) w.kill("SIGTERM");
    workers.clear();
    // graphile-worker exits when it cannot record a job's outcome while the database is down.
    supervise = true;
    await startWorkerProcess(pgServer.url);
    const ws = await seedWorkspace(db, "faults-restart");
    const flowId = await createFlow(db, ws.id, twoEffects());
    const { runId } = await startRun(db, {
      workspaceId: ws.id,
      flowId,
      source: "published",
      trigger: "api",
      input: {},
    });
    await until(() => received.some((r) => r === `/hold ${runId}:a:`), 30_000);
    await pgServer.stop();
    // The effect's answer arrives while the database is down.
    fakeHoldReleased = true;
    for (const r of held.splice(0))
      r.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    await new Promise((r) => setTimeout(r, 1500));
    pgServer = await startEmbeddedPostgres({ dataDir: path.join(dataParent, "pg"), port, password });
    const done = await waitForRun(db, runId, undefined, 90_000).catch(async (e) => {
      console.log(
        JSON.stringify(await nodeResults(db, runId)),
        JSON.stringify(
          (
            await sql`select id, locked_by, locked_at, attempts, run_at, last_error from graphile_worker._private_jobs`.execute(
              db,
            )
          ).rows,
        ),
      );
      throw e;
    });
    expect(done.status).toBe("succeeded");
    expect(applied.get(`/hold ${runId}:a:`)).toBe(1);
    expect(applied.get(`/after ${runId}:b:`)).toBe(1);
    const counts = await sql<{
      n: number;
    }>`select count(*)::int as n from public.flow_node_runs where run_id = ${runId}`.execute(db);
    expect(counts.rows[0]?.n).toBe(3);
  }, 180_000);
});
