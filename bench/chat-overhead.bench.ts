// Time to first token and total time of a chat turn through Switchboard's
// /api chat route versus the same request sent straight to the same fake
// upstream (fixed 50 ms first-token delay) with the same AI SDK provider.

import os from "node:os";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { streamText } from "ai";
import { startOpenAICompatibleFake } from "../test/fakes/openai-compatible-fake";
import { cpuPerOp, cpuSnapshot } from "./lib/cpu";
import { BILLING_ON_ENV, measurePlanCheck, putOnBusiness } from "./lib/plan-check";
import { type Metric, writeResult } from "./lib/result";
import { startBenchServer } from "./lib/server";
import { measure, summarize } from "./lib/stats";

const FIRST_TOKEN_DELAY_MS = 50;
/** Covers the previous turn's title call against this fake (~70 ms) and the storing of both. */
const ISOLATION_PAUSE_MS = 150;

interface Timing {
  ttft: number;
  total: number;
  /** Until the fake upstream had the model request: the part of the overhead spent before the model. */
  upstream: number;
}

let seq = 0;
/** Isolated turns that still found a model request in flight when they started. */
let busyStarts = 0;

const TEXT = "The quick brown fox jumps over the lazy dog. ".repeat(4);

export async function run(command: string) {
  // Every request gets the same reply (8 chunks), chat turns and the title call alike: a queue
  // would let a turn's background title call take the reply scripted for the next turn.
  const fake = await startOpenAICompatibleFake({
    firstTokenDelayMs: FIRST_TOKEN_DELAY_MS,
    chunkDelayMs: 2,
    defaultTurn: { kind: "text", text: TEXT, chunks: 8 },
  });
  // Billing on: every turn below pays the plan's message-limit check, as a hosted instance does.
  const server = await startBenchServer({
    SSRF_ALLOWLIST: "127.0.0.1",
    CHAT_RATE_LIMIT: "1000000",
    ...BILLING_ON_ENV,
  });
  try {
    const origin = server.baseUrl;
    const post = async (path: string, body: unknown, cookie = "") => {
      const r = await fetch(`${origin}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin, cookie },
        body: JSON.stringify(body),
      });
      if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
      return r;
    };
    const signUp = await post("/api/auth/sign-up", {
      email: `chat-${Date.now()}@example.test`,
      password: "bench-password-1",
    });
    const cookie = signUp.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const { workspace } = (await signUp.json()) as { workspace: { slug: string } };
    const ws = `/api/workspaces/${workspace.slug}`;
    await putOnBusiness(server.databaseUrl, workspace.slug);
    const conn = (await (
      await post(
        `${ws}/providers`,
        {
          provider: "openai_compatible",
          name: "fake",
          baseUrl: fake.baseUrl,
          models: ["fake-model"],
          apiKey: "sk-bench",
        },
        cookie,
      )
    ).json()) as { connection?: { id: string }; provider?: { id: string } };
    const connectionId = conn.connection?.id ?? conn.provider?.id;
    const { agent } = (await (
      await post(
        `${ws}/agents`,
        { name: "Bench", providerConnectionId: connectionId, model: "fake-model" },
        cookie,
      )
    ).json()) as {
      agent: { id: string };
    };
    // Each turn's text is unique, so its streamed model request can be found among the fake's.
    const timed = async (
      run: (text: string, onFirst: () => void) => Promise<void>,
      pauseMs: number,
    ): Promise<Timing> => {
      const text = `hello ${++seq}`;
      if (pauseMs) {
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
        // The pause is only a pause if nothing of the previous turn is still talking to the model.
        if (fake.inFlight > 0) busyStarts++;
      }
      const t0 = performance.now();
      let first = 0;
      await run(text, () => {
        first ||= performance.now() - t0;
      });
      const total = performance.now() - t0;
      const req = fake.requests.findLast(
        (r) => r.body.stream && JSON.stringify(r.body.messages).includes(text),
      );
      return { ttft: first, total, upstream: req ? req.at - t0 : Number.NaN };
    };
    const viaApi = (pauseMs = 0) =>
      timed(async (text, onFirst) => {
        const res = await post(`${ws}/chat`, { agentId: agent.id, text }, cookie);
        const reader = (res.body as ReadableStream<Uint8Array>).getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (decoder.decode(value).includes('"text-delta"')) onFirst();
        }
      }, pauseMs);
    const provider = createOpenAICompatible({
      name: "fake",
      baseURL: fake.baseUrl,
      apiKey: "sk-bench",
      includeUsage: true,
    });
    const direct = (pauseMs = 0) =>
      timed(async (text, onFirst) => {
        const result = streamText({ model: provider("fake-model"), prompt: text });
        for await (const _ of result.textStream) onFirst();
      }, pauseMs);

    const collect = async (
      fn: (pauseMs?: number) => Promise<Timing>,
      total: number,
      concurrency: number,
      pauseMs = 0,
    ) => {
      const timings: Timing[] = [];
      const c0 = cpuSnapshot({ "app server": server.pid });
      const t0 = performance.now();
      await measure(total, concurrency, async () => {
        timings.push(await fn(pauseMs));
      });
      const seconds = (performance.now() - t0) / 1000;
      const cpu = cpuPerOp(c0, cpuSnapshot({ "app server": server.pid }), total);
      fake.requests.length = 0; // searched per turn: keep it short
      return {
        ttft: summarize(timings.map((t) => t.ttft)),
        total: summarize(timings.map((t) => t.total)),
        upstream: summarize(timings.map((t) => t.upstream)),
        throughput: Math.round((total / seconds) * 10) / 10,
        cpu,
      };
    };
    await collect(viaApi, 30, 2);
    await collect(direct, 30, 2);

    const metrics: Metric[] = [];
    let turnsPerSecond = 0;
    // Back to back, each turn starts while the previous one's background work (storing the
    // reply, the title call: a second model request) is still running. "Isolated" pauses
    // before each turn, in both paths, until that is over, so exactly one stream is in flight.
    const loads = [
      { label: "1 concurrent", concurrency: 1, n: 100, pauseMs: 0 },
      { label: "1 concurrent, isolated turns", concurrency: 1, n: 100, pauseMs: ISOLATION_PAUSE_MS },
      { label: "20 concurrent", concurrency: 20, n: 400, pauseMs: 0 },
    ];
    for (const { label, concurrency, n, pauseMs } of loads) {
      const base = await collect(direct, n, concurrency, pauseMs);
      const api = await collect(viaApi, n, concurrency, pauseMs);
      turnsPerSecond = Math.max(turnsPerSecond, api.throughput);
      // Closed loop on this machine's cores: every process's CPU per turn bounds the turn rate,
      // hence (Little's law) the mean time of a turn at this many streams.
      const cpuAll = r2(Object.values(api.cpu).reduce((a, b) => a + b, 0));
      const floor = r2((concurrency * cpuAll) / os.cpus().length);
      for (const key of ["ttft", "total", "upstream"] as const) {
        metrics.push({
          name: `${LABEL[key]} via /api, ${label}`,
          unit: "ms",
          p50: api[key].p50,
          p95: api[key].p95,
          p99: api[key].p99,
          baseline: {
            name: "direct to the same fake upstream",
            p50: base[key].p50,
            p95: base[key].p95,
            p99: base[key].p99,
          },
          ratio: { p50: r2(api[key].p50 / base[key].p50), p95: r2(api[key].p95 / base[key].p95) },
          target: `${key === "upstream" ? "(breakdown, no target) " : ""}overhead p50 <= 8 ms, p95 <= 20 ms (measured: p50 +${r2(api[key].p50 - base[key].p50)} ms, p95 +${r2(api[key].p95 - base[key].p95)} ms)`,
          // With pauses the rate says nothing about capacity.
          ...(pauseMs === 0 ? { throughput: api.throughput } : {}),
          cpuMsPerOp: api.cpu,
          ...(key === "total" && pauseMs > 0
            ? {
                note: `${ISOLATION_PAUSE_MS} ms pause before each turn (both paths); ${busyStarts} of ${2 * n} turns started with a model request still in flight`,
              }
            : {}),
          ...(key === "total" && pauseMs === 0
            ? {
                note: `${cpuAll} ms CPU per turn over all processes (load generator includes the fake upstream); on ${os.cpus().length} cores ${concurrency} closed-loop streams cannot average under ${floor} ms per turn (direct: mean ${base.total.mean} ms)`,
              }
            : {}),
        });
      }
    }
    metrics.push(...(await measurePlanCheck(server.databaseUrl, workspace.slug, turnsPerSecond)));
    return writeResult("chat-overhead", command, metrics);
  } finally {
    await server.stop();
    await fake.stop();
  }
}

const LABEL = {
  ttft: "time to first token",
  total: "total",
  upstream: "time until the upstream has the model request",
} as const;

const r2 = (v: number) => Math.round(v * 100) / 100;
