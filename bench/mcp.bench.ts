// MCP tool-call latency over Streamable HTTP: `list_products` and
// `create_cart` through the real server process (`mcp-server/main.ts`: bearer
// key lookup, rate limit, a fresh server + transport per request, RLS
// transaction, activity log), from SDK clients. Two load shapes:
// - closed loop, 1 and 50 clients: each client sends its next call the moment
//   the previous one returns, so 50 clients saturate the machine and the
//   latency is mostly queueing; the throughput reached is reported too;
// - open loop, 50 clients at a fixed total rate: calls are sent on schedule
//   whether or not earlier ones have returned, and latency counts from the
//   scheduled time (no coordinated omission).
// Baseline: the `noop` tool on the same server (MCP_BENCH_NOOP=1), i.e.
// everything but the tool's own work. CPU per call is split by process
// (server, PostgreSQL, the load generator). Also: the in-process cost of
// building the per-request server + transport.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { sql } from "kysely";
import { generateApiKeySecret, hashApiKeySecret } from "../lib/api-keys/secret";
import { createDb } from "../lib/db/client";
import { type JwtClaims, runAsService, runAsUser } from "../lib/db/rls";
import { freePort, startThrowawayDb } from "../lib/db/throwaway";
import { connectChecked } from "../mcp-server/json-rpc-guard";
import { createMcpServer } from "../mcp-server/server";
import { cpuPerOp, cpuSnapshot } from "./lib/cpu";
import { type Metric, writeResult } from "./lib/result";
import { summarize } from "./lib/stats";

const CLIENTS = 50;
const PRODUCTS_PER_CLIENT = 4;
/** Total calls per second across the 50 clients (each client: rate / 50 per second). */
const OPEN_LOOP_RATES = [100, 250, 500];
const OPEN_LOOP_SECONDS = 8;

interface Seed {
  secret: string;
  products: string[];
  conversations: string[];
}

/** One workspace, one key, 200 products (stock never runs out), one conversation per client. */
async function seed(url: string): Promise<Seed> {
  const { db } = createDb(url, 4);
  try {
    const email = `mcp-bench-${Date.now()}@example.test`;
    const user = await runAsService(
      "bench:mcp",
      (tx) =>
        tx
          .insertInto("auth.users")
          .values({ email, email_confirmed_at: new Date() })
          .returning("id")
          .executeTakeFirstOrThrow(),
      db,
    );
    const claims: JwtClaims = { sub: user.id, role: "authenticated", email };
    const ws = await runAsUser(
      claims,
      (tx) =>
        sql<{ id: string }>`select id from public.create_workspace('MCP bench', 'mcp-bench')`.execute(tx),
      db,
    ).then((r) => r.rows[0]?.id as string);
    const { secret, prefix } = generateApiKeySecret();
    return await runAsService(
      "bench:mcp",
      async (tx) => {
        await tx
          .insertInto("api_keys")
          .values({
            workspace_id: ws,
            name: "bench",
            prefix,
            secret_hash: hashApiKeySecret(secret),
            scopes: ["write", "catalog"],
            role: "admin",
            created_by: user.id,
          })
          .execute();
        const products = await sql<{ id: string }>`
          insert into public.products (workspace_id, sku, name, description, price, stock)
          select ${ws}, 'SKU-' || lpad(g::text, 4, '0'), 'Product ' || g, 'A product for the benchmark', 9.99, 1000000000
          from generate_series(1, ${CLIENTS * PRODUCTS_PER_CLIENT}) g
          returning id`.execute(tx);
        const conversations = await sql<{ id: string }>`
          insert into public.conversations (workspace_id, inbox_id, title, created_by)
          select ${ws}, (select id from public.inboxes where workspace_id = ${ws} and channel = 'web'), 'Bench ' || g, ${user.id}
          from generate_series(1, ${CLIENTS}) g
          returning id`.execute(tx);
        return {
          secret,
          products: products.rows.map((r) => r.id),
          conversations: conversations.rows.map((r) => r.id),
        };
      },
      db,
    );
  } finally {
    await db.destroy();
  }
}

async function startServer(databaseUrl: string): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  // node itself (not the tsx wrapper) so the pid is the server's, for its CPU time.
  const proc = spawn(process.execPath, ["--import", "tsx", "mcp-server/main.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: randomBytes(32).toString("hex"),
      SECRETS_KEYS: `k1:${randomBytes(32).toString("base64")}`,
      MCP_HOST: "127.0.0.1",
      MCP_PORT: String(port),
      MCP_RATE_LIMIT: "100000000",
      MCP_BENCH_NOOP: "1",
      LOG_LEVEL: "warn",
    },
  });
  const url = `http://127.0.0.1:${port}/mcp`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await fetch(url, { method: "POST" }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 401) return { url, proc };
    if (Date.now() > deadline) throw new Error("MCP server did not start");
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function connect(url: string, secret: string): Promise<Client> {
  const client = new Client({ name: "mcp-bench", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${secret}` } },
      // The transport hands every fetch its one long-lived AbortSignal, and undici leaves a
      // listener on it per request (thousands over a run, with a warning each). Not the
      // server's cost: the bench client drops the signal.
      fetch: (input, init) => fetch(input, { ...init, signal: undefined }),
    }),
  );
  await client.listTools(); // what a real client does first; also caches the output validators
  return client;
}

type Call = (client: Client, lane: number, i: number) => Promise<void>;

/** `perClient` calls on each of `clients.length` clients at once; each call's milliseconds. */
async function drive(clients: Client[], perClient: number, call: Call): Promise<number[]> {
  const samples: number[] = [];
  await Promise.all(
    clients.map(async (client, lane) => {
      for (let i = 0; i < perClient; i++) {
        const t0 = performance.now();
        await call(client, lane, i);
        samples.push(performance.now() - t0);
      }
    }),
  );
  return samples;
}

/**
 * Open loop: `ratePerSecond` calls in all, spread evenly over the clients and in time, for
 * `seconds`. Each call's latency counts from when it was due, so a late send is counted too.
 */
async function driveOpen(clients: Client[], ratePerSecond: number, seconds: number, call: Call) {
  const interval = (1000 * clients.length) / ratePerSecond; // between one client's calls
  const start = performance.now() + 50;
  const samples: number[] = [];
  await Promise.all(
    clients.map(async (client, lane) => {
      const inFlight: Promise<void>[] = [];
      for (let i = 0; ; i++) {
        const due = start + (lane / clients.length) * interval + i * interval;
        if (due - start >= seconds * 1000) break;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        inFlight.push(call(client, lane, i).then(() => void samples.push(performance.now() - due)));
      }
      await Promise.all(inFlight);
    }),
  );
  return samples;
}

function tool(name: string, args: (lane: number, i: number) => Record<string, unknown>): Call {
  return async (client, lane, i) => {
    const res = (await client.callTool({ name, arguments: args(lane, i) })) as CallToolResult;
    if (res.isError) throw new Error(`${name}: ${JSON.stringify(res.content)}`);
  };
}

/** Building what stateless mode creates per request (server, handlers, transport), in this process. */
async function constructionCost(): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const t0 = performance.now();
    const server = createMcpServer({
      transport: "http",
      principal: () => Promise.reject(new Error("unused")),
    });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await connectChecked(server, transport); // not closed, as in mcp-server/http.ts
    if (i >= 500) samples.push(performance.now() - t0); // the first 500 warm the JIT
  }
  return samples;
}

const round = (v: number) => Math.round(v * 100) / 100;

export async function run(command: string) {
  const db = await startThrowawayDb();
  let proc: ChildProcess | undefined;
  const clients: Client[] = [];
  try {
    const s = await seed(db.url);
    const server = await startServer(db.url);
    proc = server.proc;
    for (let i = 0; i < CLIENTS; i++) clients.push(await connect(server.url, s.secret));

    const calls: Record<string, Call> = {
      noop: tool("noop", () => ({})),
      list_products: tool("list_products", () => ({ limit: 20 })),
      create_cart: tool("create_cart", (lane, i) => ({
        conversation_id: s.conversations[lane],
        product_id: s.products[lane * PRODUCTS_PER_CLIENT + (i % PRODUCTS_PER_CLIENT)],
        quantity: 1,
      })),
    };
    // Warm-up: JIT, pool connections, plan caches.
    for (const call of Object.values(calls)) await drive(clients.slice(0, 10), 30, call);

    const metrics: Metric[] = [];
    const pids = { "mcp server": proc.pid };
    const TARGET = "p95 <= 15 ms at 50 clients; tool responses < 100 ms (seed 004)";
    const measured = async (run: () => Promise<number[]>) => {
      const c0 = cpuSnapshot(pids);
      const t0 = performance.now();
      const samples = await run();
      const seconds = (performance.now() - t0) / 1000;
      return {
        ...summarize(samples),
        throughput: Math.round(samples.length / seconds),
        cpu: cpuPerOp(c0, cpuSnapshot(pids), samples.length),
      };
    };
    const push = (label: string, m: Awaited<ReturnType<typeof measured>>, base: typeof m, note?: string) =>
      metrics.push({
        name: label,
        unit: "ms",
        p50: m.p50,
        p95: m.p95,
        p99: m.p99,
        baseline: { name: "noop tool, same server and run", p50: base.p50, p95: base.p95, p99: base.p99 },
        ratio: { p50: round(m.p50 / base.p50), p95: round(m.p95 / base.p95) },
        target: TARGET,
        throughput: m.throughput,
        cpuMsPerOp: m.cpu,
        ...(note ? { note } : {}),
      });
    for (const concurrency of [1, CLIENTS]) {
      const perClient = concurrency === 1 ? 500 : 50;
      const lanes = clients.slice(0, concurrency);
      const base = await measured(() => drive(lanes, perClient, calls.noop as Call));
      for (const name of ["list_products", "create_cart"]) {
        const m = await measured(() => drive(lanes, perClient, calls[name] as Call));
        // One client process drives all 50 lanes on one thread: its own CPU per call times the
        // lanes is a floor under the mean latency, whatever the server does.
        const floor = round(concurrency * (m.cpu["load generator"] ?? 0));
        push(
          `${name} over Streamable HTTP, ${concurrency} concurrent client${concurrency > 1 ? "s" : ""} (closed loop)`,
          m,
          base,
          concurrency > 1
            ? `saturated: ${m.throughput} calls/s; the load generator alone needs ${m.cpu["load generator"]} ms CPU per call on one thread, so ${concurrency} closed-loop lanes cannot average under ${floor} ms here`
            : undefined,
        );
      }
    }
    for (const rate of OPEN_LOOP_RATES) {
      const base = await measured(() => driveOpen(clients, rate, OPEN_LOOP_SECONDS, calls.noop as Call));
      for (const name of ["list_products", "create_cart"]) {
        const m = await measured(() => driveOpen(clients, rate, OPEN_LOOP_SECONDS, calls[name] as Call));
        push(
          `${name} over Streamable HTTP, ${CLIENTS} clients, open loop at ${rate} calls/s in all`,
          m,
          base,
        );
      }
    }
    const build = summarize(await constructionCost());
    metrics.push({
      name: "per-request server + transport construction and connect (in-process, no I/O)",
      unit: "ms",
      p50: build.p50,
      p95: build.p95,
      p99: build.p99,
    });
    return writeResult("mcp", command, metrics);
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc?.once("exit", r));
      proc.kill("SIGTERM");
      await exited;
    }
    await db.stop();
  }
}
