// Flow executions per second: a 3-node flow (webhook → transform → respond)
// fired through its webhook URL against the production app server and one
// worker process, compared in the same run with the bare queue (graphile-worker
// jobs that do nothing) as the floor. Also webhook → response latency at low
// load (the trigger waits for the respond node) and queue add → node start.

import type { ChildProcess } from "node:child_process";
import { sql } from "kysely";
import { createDb } from "../lib/db/client";
import { cpuPerOp, cpuSnapshot } from "./lib/cpu";
import { postJson } from "./lib/http-post";
import { resetStatements, writeStatements } from "./lib/pg-statements";
import { type Metric, writeResult } from "./lib/result";
import { startBenchServer } from "./lib/server";
import { measure, summarize } from "./lib/stats";
import { startWorkerProcess, stopWorkerProcess } from "./lib/worker";

const RUNS = Number(process.env.FLOWS_BENCH_RUNS ?? 3000);
const CONCURRENCY = 32;
const WORKER_CONCURRENCY = Number(process.env.FLOWS_BENCH_WORKER_CONCURRENCY ?? 16);

const graph = (respond: "immediately" | "when_responded") => ({
  nodes: [
    { id: "hook", type: "webhook_trigger", name: "Hook", config: { respond, timeoutMs: 10_000 } },
    {
      id: "shape",
      type: "transform",
      name: "Shape",
      config: {
        keepInput: false,
        operations: [
          { op: "set", field: "email", value: "{{ $trigger.body.email }}" },
          { op: "set", field: "n", value: "{{ $trigger.body.n }}" },
        ],
      },
    },
    {
      id: "answer",
      type: "respond_to_webhook",
      name: "Answer",
      config: { status: 200, body: { ok: true, email: '{{ $node["Shape"].output.email }}' } },
    },
  ],
  edges: [
    { id: "e1", source: "hook", sourceHandle: "out", target: "shape", targetHandle: "in" },
    { id: "e2", source: "shape", sourceHandle: "out", target: "answer", targetHandle: "in" },
  ],
});

export async function run(command: string) {
  const server = await startBenchServer({ LOG_LEVEL: "warn" });
  let worker: ChildProcess | undefined;
  const { db } = createDb(server.databaseUrl, 4);
  try {
    worker = await startWorkerProcess(server.databaseUrl, server.secrets, {
      WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
      WORKER_BENCH_NOOP: "1",
    });
    const origin = server.baseUrl;
    const call = async (path: string, method: string, body: unknown, cookie = "") => {
      const r = await fetch(`${origin}${path}`, {
        method,
        headers: { "content-type": "application/json", origin, cookie },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
      return r;
    };
    const signUp = await call("/api/auth/sign-up", "POST", {
      email: `flows-${Date.now()}@example.test`,
      password: "bench-password-1",
    });
    const cookie = signUp.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const { workspace } = (await signUp.json()) as { workspace: { slug: string; id: string } };
    const ws = `/api/workspaces/${workspace.slug}`;
    await call(`${ws}/flow-settings`, "PATCH", { maxConcurrentRuns: 100 }, cookie);
    const makeFlow = async (name: string, respond: "immediately" | "when_responded") => {
      const created = (await (
        await call(`${ws}/flows`, "POST", { name, graph: graph(respond) }, cookie)
      ).json()) as {
        flow: { id: string };
      };
      await call(`${ws}/flows/${created.flow.id}/publish`, "POST", {}, cookie);
      const got = (await (await call(`${ws}/flows/${created.flow.id}`, "GET", undefined, cookie)).json()) as {
        flow: { id: string; webhookUrl: string };
      };
      // The URL names APP_URL; the bench server is that origin.
      return { id: got.flow.id, url: `${origin}${new URL(got.flow.webhookUrl).pathname}` };
    };
    const fireAndForget = await makeFlow("throughput", "immediately");
    const waiting = await makeFlow("latency", "when_responded");
    let seq = 0;
    const hook = (url: string) => async () => {
      const r = await postJson(url, { email: `user${++seq}@example.test`, n: seq });
      if (r.status !== 202 && r.status !== 200) throw new Error(`webhook answered ${r.status}`);
    };

    // Warm-up: both paths, so JIT and caches are as in steady state.
    await measure(100, 8, hook(fireAndForget.url));
    await measure(50, 2, hook(waiting.url));
    const completed = async (flowId: string) => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from public.flow_runs
        where flow_id = ${flowId} and status in ('succeeded', 'failed')`.execute(db);
      return rows[0]?.n ?? 0;
    };
    const until = async (check: () => Promise<boolean>) => {
      for (;;) {
        if (await check()) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await until(async () => (await completed(fireAndForget.id)) >= 100);

    // 1. The bare queue: RUNS no-op jobs added at once, until the last is done.
    const q0 = performance.now();
    await sql`select graphile_worker.add_job('bench_noop', '{}'::json) from generate_series(1, ${RUNS})`.execute(
      db,
    );
    await until(async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs
        where task_id = (select id from graphile_worker._private_tasks where identifier = 'bench_noop')`.execute(
        db,
      );
      return (rows[0]?.n ?? 1) === 0;
    });
    const queueRate = RUNS / ((performance.now() - q0) / 1000);

    // 2. Flow executions: RUNS webhook deliveries (32 in flight), until the last run has finished.
    const before = await completed(fireAndForget.id);
    await resetStatements(db);
    const c0 = cpuSnapshot({ "app server": server.pid, worker: worker?.pid });
    const t0 = performance.now();
    await measure(RUNS, CONCURRENCY, hook(fireAndForget.url));
    const accepted = performance.now() - t0;
    await until(async () => (await completed(fireAndForget.id)) >= before + RUNS);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuPerOp(c0, cpuSnapshot({ "app server": server.pid, worker: worker?.pid }), RUNS);
    const flowRate = RUNS / seconds;
    await writeStatements(db, "flows", RUNS);
    const failed = await sql<{ n: number }>`select count(*)::int as n from public.flow_runs
      where flow_id = ${fireAndForget.id} and status <> 'succeeded'`.execute(db);

    // 3. Queue add → first node start, over the throughput runs.
    const lag = await sql<{ ms: number }>`
      select extract(epoch from (min(n.started_at) - r.created_at)) * 1000 as ms
        from public.flow_runs r join public.flow_node_runs n on n.run_id = r.id and n.node_id <> r.trigger_node_id
       where r.flow_id = ${fireAndForget.id} group by r.id, r.created_at`.execute(db);
    const lagSummary = summarize(lag.rows.map((r) => Number(r.ms)));

    // 4. Webhook → response at low load (1 in flight), through the respond node.
    const latency = summarize(await measure(300, 1, hook(waiting.url)));
    const idleLag = await sql<{ ms: number }>`
      select extract(epoch from (min(n.started_at) - r.created_at)) * 1000 as ms
        from public.flow_runs r join public.flow_node_runs n on n.run_id = r.id and n.node_id <> r.trigger_node_id
       where r.flow_id = ${waiting.id} group by r.id, r.created_at`.execute(db);
    const idleLagSummary = summarize(idleLag.rows.map((r) => Number(r.ms)));

    const metrics: Metric[] = [
      {
        name: "flow executions/s (webhook → transform → respond, 32 deliveries in flight)",
        unit: "ops/s",
        rate: Math.round(flowRate),
        baseline: {
          name: "bare graphile-worker jobs/s (no-op task), same worker",
          rate: Math.round(queueRate),
        },
        ratio: { rate: Math.round((flowRate / queueRate) * 100) / 100 },
        target: ">= 400 executions/s",
        cpuMsPerOp: cpu,
        note: `${RUNS} runs; webhooks accepted in ${Math.round(accepted)} ms; ${failed.rows[0]?.n ?? "?"} not succeeded; worker concurrency ${WORKER_CONCURRENCY}`,
      },
      {
        name: "queue add → first node start, 1 in flight",
        unit: "ms",
        p50: idleLagSummary.p50,
        p95: idleLagSummary.p95,
        p99: idleLagSummary.p99,
        target: "p95 <= 10 ms",
        note: "flow_runs.created_at to the first worker-run node's start (the trigger node's result is committed with the run), over the latency runs",
      },
      {
        name: "queue add → first node start, 32 deliveries in flight",
        unit: "ms",
        p50: lagSummary.p50,
        p95: lagSummary.p95,
        p99: lagSummary.p99,
        note: "the same over the throughput runs: a backlog, so this is queueing time",
      },
      {
        name: "webhook → response, 1 in flight (waits for the respond node)",
        unit: "ms",
        p50: latency.p50,
        p95: latency.p95,
        p99: latency.p99,
      },
    ];
    return writeResult("flows", command, metrics);
  } finally {
    await db.destroy();
    await stopWorkerProcess(worker);
    await server.stop();
  }
}
