// The Chatwoot channel against the production app server and worker process:
// 1. webhook acknowledgement (signed message_created → 200, the reply queued),
//    1 and 20 deliveries in flight;
// 2. a customer's message → the agent's reply posted to the Chatwoot fake, with
//    the offline model, 20 conversations at once: all 20 webhooks sent in the
//    same instant, a round at a time (the worst case: the two cores get 20
//    turns' work at once);
// 3. the same in 20 live conversations: each customer writes every second at
//    its own phase and waits for the answer, as conversations overlap;
// baseline for 2 and 3: the same turn (same agent, same text, same model) through the
// existing chat API (`POST /api/workspaces/:slug/chat`, read to the end), in the same shape.
// The offline model paces its words (12 ms each, a demo of streaming) for a
// reader who watches them come: the chat API's stream. A channel posts the
// reply whole, so its turn is unwatched and gets them at once. 2 is also
// measured with an instant model (the OpenAI-compatible fake, no delays) on
// both paths: what the channel itself adds. Requests go out over kept-alive node:http
// (bench/lib/http-post.ts): fetch cost ~1 ms of CPU each on the same two cores.

import type { ChildProcess } from "node:child_process";
import { runMigrations } from "graphile-worker";
import { sql } from "kysely";
import { createDb } from "../lib/db/client";
import { startChatwootFake } from "../test/fakes/chatwoot-fake";
import { chatwootSignature, incomingMessage } from "../test/fakes/chatwoot-fake-payloads";
import { startOpenAICompatibleFake } from "../test/fakes/openai-compatible-fake";
import { cpuPerOp, cpuSnapshot } from "./lib/cpu";
import { postJson } from "./lib/http-post";
import { liveConversations } from "./lib/live";
import { resetStatements, writeStatements } from "./lib/pg-statements";
import { type Metric, writeResult } from "./lib/result";
import { startBenchServer } from "./lib/server";
import { measure, summarize } from "./lib/stats";
import { startWorkerProcess, stopWorkerProcess } from "./lib/worker";

const ACKS = Number(process.env.CHANNELS_BENCH_ACKS ?? 400);
const ROUNDS = Number(process.env.CHANNELS_BENCH_ROUNDS ?? 15);
// 20 in the target; CHANNELS_BENCH_AT_ONCE=1 profiles statements without lock waits.
const AT_ONCE = Number(process.env.CHANNELS_BENCH_AT_ONCE ?? 20);
// Live conversations: 20 customers, each writing every second at its own phase.
const LIVE_PERIOD_MS = Number(process.env.CHANNELS_BENCH_LIVE_PERIOD_MS ?? 1000);
const LIVE_MESSAGES = Number(process.env.CHANNELS_BENCH_LIVE_MESSAGES ?? 15);
const SECRET = "bench-webhook-secret-0b5e";
const TEXT = "Hola, ¿tienen yerba mate?";

const OFFLINE_NOTE =
  "the channel's turn is unwatched (the offline model answers at once); the chat API's baseline streams it paced at 12 ms a word (~35 words)";

const r2 = (v: number) => Math.round(v * 100) / 100;

export async function run(command: string) {
  const fake = await startChatwootFake();
  const llm = await startOpenAICompatibleFake({
    defaultTurn: {
      kind: "text",
      text: "¡Sí! Tenemos yerba mate de 1 kg a ARS 4500. ¿Te agrego una al carrito?",
    },
  });
  const server = await startBenchServer({ SSRF_ALLOWLIST: "127.0.0.1", CHAT_RATE_LIMIT: "1000000" });
  let worker: ChildProcess | undefined;
  const { db } = createDb(server.databaseUrl, 4);
  try {
    // The queue's schema (the worker creates it at start-up; it starts later here).
    await runMigrations({ connectionString: server.databaseUrl });
    const origin = server.baseUrl;
    const call = async (path: string, body: unknown, cookie = "") => {
      const r = await fetch(`${origin}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin, cookie },
        body: JSON.stringify(body),
      });
      if (r.status >= 300) throw new Error(`${path}: ${r.status} ${await r.text()}`);
      return r;
    };
    const signUp = await call("/api/auth/sign-up", {
      email: `channels-${Date.now()}@example.test`,
      password: "bench-password-1",
    });
    const cookie = signUp.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const { workspace: signedUp } = (await signUp.json()) as { workspace: { slug: string } };
    const ws = `/api/workspaces/${signedUp.slug}`;
    const workspace = await db
      .selectFrom("workspaces")
      .select("id")
      .where("slug", "=", signedUp.slug)
      .executeTakeFirstOrThrow();
    // No provider: the agent answers with the offline model.
    const { agent } = (await (await call(`${ws}/agents`, { name: "Ventas" }, cookie)).json()) as {
      agent: { id: string };
    };
    const conn = (await (
      await call(
        `${ws}/providers`,
        {
          provider: "openai_compatible",
          name: "instant",
          baseUrl: llm.baseUrl,
          models: ["fake-model"],
          apiKey: "sk-bench",
        },
        cookie,
      )
    ).json()) as { connection?: { id: string }; provider?: { id: string } };
    const { agent: instant } = (await (
      await call(
        `${ws}/agents`,
        {
          name: "Ventas (instant)",
          providerConnectionId: conn.connection?.id ?? conn.provider?.id,
          model: "fake-model",
        },
        cookie,
      )
    ).json()) as { agent: { id: string } };

    // Inboxes through the inbox API, as a workspace admin adds them: the webhook URL comes back once.
    const makeInbox = async (agentId: string) => {
      const created = (await (
        await call(
          `${ws}/inboxes`,
          {
            channel: "chatwoot",
            name: `Chatwoot ${agentId.slice(0, 8)}`,
            agentId,
            settings: { baseUrl: fake.baseUrl, accountId: fake.accountId },
            secrets: { api_token: fake.apiToken, webhook_secret: SECRET },
          },
          cookie,
        )
      ).json()) as { inbox: { id: string }; webhook: { url: string } };
      return { id: created.inbox.id, url: created.webhook.url };
    };
    const offlineInbox = await makeInbox(agent.id);
    const instantInbox = await makeInbox(instant.id);

    const where = { accountId: fake.accountId, inboxId: fake.inboxId };
    let conversationSeq = 1000;
    const deliver = async (conversationId: number, url = offlineInbox.url) => {
      const payload = incomingMessage(where, fake.conversation(conversationId), TEXT);
      const body = JSON.stringify(payload);
      const t = String(Math.floor(Date.now() / 1000));
      const r = await postJson(url, undefined, {
        raw: body,
        headers: { "x-chatwoot-timestamp": t, "x-chatwoot-signature": chatwootSignature(SECRET, t, body) },
      });
      const answer = JSON.parse(r.body) as { queuedReply?: boolean };
      if (r.status !== 200 || !answer.queuedReply) throw new Error(`webhook answered ${r.status}`);
    };
    const replied = (conversationId: number) => fake.succeeded("messages", conversationId).length > 0;
    const waitReplies = (ids: number[]) => fake.waitFor(() => ids.every(replied), 120_000, "the replies");

    // 1. Acknowledgement, with the worker not yet started: the reply jobs queue up, so the figure is
    // the ingress alone (lookup, signature, one transaction storing the message and queuing the reply).
    const ackIds: number[] = [];
    const ack = async (total: number, concurrency: number) => {
      const c0 = cpuSnapshot({ "app server": server.pid });
      const samples = await measure(total, concurrency, async () => {
        const id = ++conversationSeq;
        ackIds.push(id);
        await deliver(id);
      });
      const cpu = cpuPerOp(c0, cpuSnapshot({ "app server": server.pid }), total);
      return { summary: summarize(samples), cpu };
    };
    await ack(40, 4); // warm-up
    const ack1 = await ack(ACKS, 1);
    const ack20 = await ack(ACKS, AT_ONCE);

    // The worker drains the queued replies: every one of them posted to Chatwoot.
    const drain0 = performance.now();
    worker = await startWorkerProcess(server.databaseUrl, server.secrets, {
      SSRF_ALLOWLIST: "127.0.0.1",
      WORKER_CONCURRENCY: "24",
    });
    await waitReplies(ackIds);
    const drainRate = ackIds.length / ((performance.now() - drain0) / 1000);
    await measure(20, 4, async () => {
      const r = await call(`${ws}/chat`, { agentId: agent.id, text: TEXT }, cookie);
      await r.arrayBuffer();
    });

    // 2. Incoming → reply posted to Chatwoot, 20 new conversations at once per round; then the baseline,
    // the same turn through the chat API, 20 at once, read to the end of the stream.
    const turns = async (agentId: string, url: string, profile = false) => {
      const channel: number[] = [];
      if (profile) await resetStatements(db);
      const c0 = cpuSnapshot({ "app server": server.pid, worker: worker?.pid });
      for (let round = 0; round < ROUNDS; round++) {
        const ids = Array.from({ length: AT_ONCE }, () => ++conversationSeq);
        const started = new Map<number, number>();
        await Promise.all(
          ids.map(async (id) => {
            started.set(id, performance.now());
            await deliver(id, url);
          }),
        );
        await waitReplies(ids);
        for (const id of ids) {
          const posted = fake.succeeded("messages", id)[0]?.at as number;
          channel.push(posted - (started.get(id) as number));
        }
      }
      const cpu = cpuPerOp(
        c0,
        cpuSnapshot({ "app server": server.pid, worker: worker?.pid }),
        ROUNDS * AT_ONCE,
      );
      if (profile) await writeStatements(db, "channels", ROUNDS * AT_ONCE);
      const api: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        await Promise.all(
          Array.from({ length: AT_ONCE }, async () => {
            const t0 = performance.now();
            // The same client as the webhooks (kept-alive node:http), read to the end of the stream.
            const r = await postJson(
              `${origin}${ws}/chat`,
              { agentId, text: TEXT },
              { headers: { origin, cookie } },
            );
            if (r.status !== 200) throw new Error(`chat answered ${r.status}`);
            api.push(performance.now() - t0);
          }),
        );
      }
      llm.requests.length = 0;
      return { channel: summarize(channel), api: summarize(api), cpu };
    };
    // 3. The same turns in 20 live conversations: each customer writes every LIVE_PERIOD_MS at its own
    // phase and waits for the answer (the conversation goes on); the baseline the same through the chat API.
    const live = async (agentId: string, url: string) => {
      const ids = Array.from({ length: AT_ONCE }, () => ++conversationSeq);
      const c0 = cpuSnapshot({ "app server": server.pid, worker: worker?.pid });
      const channel = await liveConversations({
        conversations: AT_ONCE,
        periodMs: LIVE_PERIOD_MS,
        messages: LIVE_MESSAGES,
        turn: async (k) => {
          const id = ids[k] as number;
          const before = fake.succeeded("messages", id).length;
          const t0 = performance.now();
          await deliver(id, url);
          await fake.waitFor(() => fake.succeeded("messages", id).length > before, 60_000, "a live reply");
          return (fake.succeeded("messages", id)[before]?.at as number) - t0;
        },
      });
      const cpu = cpuPerOp(
        c0,
        cpuSnapshot({ "app server": server.pid, worker: worker?.pid }),
        AT_ONCE * LIVE_MESSAGES,
      );
      const conversationOf = new Map<number, string>();
      const api = await liveConversations({
        conversations: AT_ONCE,
        periodMs: LIVE_PERIOD_MS,
        messages: LIVE_MESSAGES,
        turn: async (k) => {
          const t0 = performance.now();
          const r = await postJson(
            `${origin}${ws}/chat`,
            { agentId, text: TEXT, conversationId: conversationOf.get(k) },
            { headers: { origin, cookie } },
          );
          if (r.status !== 200) throw new Error(`chat answered ${r.status}`);
          conversationOf.set(k, String(r.headers["x-conversation-id"]));
          return performance.now() - t0;
        },
      });
      return { channel: summarize(channel), api: summarize(api), cpu };
    };
    const offline = await turns(agent.id, offlineInbox.url);
    // BENCH_PG_STATEMENTS=1: the statements of the instant model's channel turns, per reply.
    const fast = await turns(instant.id, instantInbox.url, true);
    const offlineLive = await live(agent.id, offlineInbox.url);
    const fastLive = await live(instant.id, instantInbox.url);
    const failed = await sql<{ n: number }>`select count(*)::int as n from public.channel_deliveries
      where workspace_id = ${workspace.id} and status <> 'sent'`.execute(db);
    const turnMetric = (label: string, t: typeof offline, extra: string, shape = "burst"): Metric => ({
      name:
        shape === "burst"
          ? `incoming message → reply posted to Chatwoot (${label}), 20 conversations at once`
          : `incoming message → reply posted to Chatwoot (${label}), 20 live conversations`,
      unit: "ms",
      p50: t.channel.p50,
      p95: t.channel.p95,
      p99: t.channel.p99,
      baseline: {
        name:
          shape === "burst"
            ? "the same turn through POST /api/workspaces/:slug/chat, 20 at once, to the end of the stream"
            : "the same 20 live conversations through POST /api/workspaces/:slug/chat, to the end of the stream",
        p50: t.api.p50,
        p95: t.api.p95,
        p99: t.api.p99,
      },
      ratio: { p50: r2(t.channel.p50 / t.api.p50), p95: r2(t.channel.p95 / t.api.p95) },
      target: "p95 <= 150 ms",
      cpuMsPerOp: t.cpu,
      note:
        shape === "burst"
          ? `${ROUNDS} rounds of ${AT_ONCE} new conversations, all ${AT_ONCE} webhooks sent in the same instant; from the webhook POST to Chatwoot's fake receiving the reply; ${extra}`
          : `${AT_ONCE} conversations going on at once, each customer writing every ${LIVE_PERIOD_MS} ms at its own random phase (${LIVE_MESSAGES} messages each; the next waits for the answer); from the webhook POST to Chatwoot's fake receiving the reply; ${extra}`,
    });

    const metrics: Metric[] = [
      {
        name: "Chatwoot webhook acknowledgement (signed message_created → 200, reply queued), 1 in flight",
        unit: "ms",
        p50: ack1.summary.p50,
        p95: ack1.summary.p95,
        p99: ack1.summary.p99,
        target: "p95 <= 20 ms",
        cpuMsPerOp: ack1.cpu,
        note: `${ACKS} deliveries, each a new conversation (stored, reply queued); the worker starts after, then drained all ${ackIds.length} queued replies to Chatwoot at ${Math.round(drainRate)} replies/s (offline model, worker concurrency 24)`,
      },
      {
        name: "Chatwoot webhook acknowledgement, 20 in flight",
        unit: "ms",
        p50: ack20.summary.p50,
        p95: ack20.summary.p95,
        p99: ack20.summary.p99,
        cpuMsPerOp: ack20.cpu,
      },
      turnMetric("offline model", offline, OFFLINE_NOTE),
      turnMetric(
        "instant model",
        fast,
        `OpenAI-compatible fake answering at once; ${failed.rows[0]?.n ?? "?"} deliveries not sent over the whole run`,
      ),
      turnMetric("offline model", offlineLive, OFFLINE_NOTE, "live"),
      turnMetric("instant model", fastLive, "OpenAI-compatible fake answering at once", "live"),
    ];
    return writeResult("channels", command, metrics);
  } finally {
    await db.destroy();
    await stopWorkerProcess(worker);
    await server.stop();
    await fake.stop();
    await llm.stop();
  }
}
