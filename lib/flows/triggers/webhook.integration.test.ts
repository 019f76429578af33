import type { AddressInfo } from "node:net";
import { Logger, run } from "graphile-worker";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { createAppServer } from "@/server/app-server";
import { directRoutes } from "@/server/direct-routes";
import { asUser, openDb, pgCode, type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import { ensureQueueSchema, runJobs, runsOf, seedFlow, triggerNode } from "@/test/flows/triggers-kit";
import { closeRunEvents, flowRunTask } from "../engine";
import { MAX_WEBHOOK_BODY_BYTES, signWebhook, WEBHOOK_RATE_PER_MINUTE } from "./webhook-ingress";

// The webhook ingress over real HTTP: the production app server with its
// direct routes, on the test database.

const url = process.env.DATABASE_URL as string;
const db = getDb();
let ws: SeedWorkspace;
let server: ReturnType<typeof createAppServer>;
let base: string;

beforeAll(async () => {
  await ensureQueueSchema(url);
  ws = await seedWorkspace(openDb(), "hooks");
  server = createAppServer({
    routes: directRoutes(() => undefined),
    next: async (_req, res) => {
      res.statusCode = 599;
      res.end();
    },
    headers: [],
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await closeRunEvents();
  await closeDb();
});

function webhookGraph(config: Record<string, unknown> = {}) {
  return { nodes: [triggerNode("hook", "webhook_trigger", config)], edges: [] };
}

function hook(token: string, init: RequestInit & { query?: string } = {}) {
  return fetch(`${base}/api/hooks/flows/${token}${init.query ?? ""}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
    ...init,
  });
}

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

describe("POST /api/hooks/flows/{token}", () => {
  it("answers 202 with the run id at once and records the request as the run's input", async () => {
    const f = await seedFlow(db, ws, webhookGraph());
    const res = await hook(f.token, {
      query: "?source=crm&x=1",
      headers: {
        "content-type": "application/json; charset=utf-8",
        authorization: "Bearer do-not-keep",
        cookie: "session=do-not-keep",
        "x-custom": "kept",
      },
      body: JSON.stringify({ lead: { email: "a@example.test" } }),
    });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { runId: string; created: boolean };
    expect(body.created).toBe(true);
    expect(res.headers.get("x-flow-run-id")).toBe(body.runId);
    const runs = await runsOf(db, f.flowId);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      id: body.runId,
      trigger: "webhook",
      trigger_node_id: "hook",
      status: "queued",
      version: 1,
    });
    const input = runs[0]?.input as Record<string, Record<string, unknown>>;
    expect(input.body).toEqual({ lead: { email: "a@example.test" } });
    expect(input.query).toEqual({ source: "crm", x: "1" });
    expect(input.method).toBe("POST");
    expect(input.headers?.["x-custom"]).toBe("kept");
    expect(input.headers?.authorization).toBeUndefined();
    expect(input.headers?.cookie).toBeUndefined();
    expect(typeof input.receivedAt).toBe("string");
    expect(await runJobs(db, [body.runId])).toEqual([body.runId]);
  });

  it("parses form and text bodies", async () => {
    const f = await seedFlow(db, ws, webhookGraph());
    const form = await hook(f.token, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "name=Ada&tag=a&tag=b",
    });
    expect(form.status).toBe(202);
    const text = await hook(f.token, { headers: { "content-type": "text/plain" }, body: "hello there" });
    expect(text.status).toBe(202);
    const bodies = (await runsOf(db, f.flowId)).map((r) => (r.input as { body: unknown }).body);
    expect(bodies).toEqual([{ name: "Ada", tag: ["a", "b"] }, "hello there"]);
  });

  it("refuses other content types with 415, bad JSON with 400, and stores nothing", async () => {
    const f = await seedFlow(db, ws, webhookGraph());
    const xml = await hook(f.token, { headers: { "content-type": "application/xml" }, body: "<a/>" });
    expect(xml.status).toBe(415);
    expect((await errorCode(xml)).code).toBe("unsupported_media_type");
    const none = await hook(f.token, { headers: {}, body: new Blob([new Uint8Array([1, 2])]) });
    expect(none.status).toBe(415);
    const bad = await hook(f.token, { body: '{"a": ' });
    expect(bad.status).toBe(400);
    expect((await errorCode(bad)).code).toBe("invalid_json");
    expect(await runsOf(db, f.flowId)).toHaveLength(0);
  });

  it("refuses a body over 1 MB with 413, declared or streamed, and stores nothing", async () => {
    const f = await seedFlow(db, ws, webhookGraph());
    const big = JSON.stringify({ pad: "x".repeat(MAX_WEBHOOK_BODY_BYTES) });
    const declared = await hook(f.token, { body: big });
    expect(declared.status).toBe(413);
    expect((await errorCode(declared)).code).toBe("payload_too_large");
    // Chunked (no Content-Length): refused once the cap is passed.
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 40; i++) c.enqueue(new TextEncoder().encode("x".repeat(64 * 1024)));
        c.close();
      },
    });
    const streamed = await hook(f.token, {
      headers: { "content-type": "text/plain" },
      body: chunks,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    // Exactly at the cap is fine.
    const atCap = await hook(f.token, {
      headers: { "content-type": "text/plain" },
      body: "y".repeat(MAX_WEBHOOK_BODY_BYTES),
    });
    expect(atCap.status).toBe(202);
    expect(await runsOf(db, f.flowId)).toHaveLength(1);
  });

  it("404 for an unknown or malformed token; 409 for a disabled, unpublished or trigger-less flow", async () => {
    const unknown = await hook("A".repeat(43));
    expect(unknown.status).toBe(404);
    expect((await errorCode(unknown)).code).toBe("not_found");
    expect((await hook("short")).status).toBe(404);
    expect((await hook("%E0%A4%A")).status).not.toBe(500);

    const disabled = await seedFlow(db, ws, webhookGraph(), { enabled: false });
    const d = await hook(disabled.token);
    expect(d.status).toBe(409);
    expect((await errorCode(d)).message).toMatch(/turned off/);

    const draft = await seedFlow(db, ws, webhookGraph(), { publish: false });
    const u = await hook(draft.token);
    expect(u.status).toBe(409);
    expect((await errorCode(u)).message).toMatch(/no published version/);

    const other = await seedFlow(db, ws, {
      nodes: [triggerNode("tick", "schedule_trigger", { cron: "0 9 * * *" })],
      edges: [],
    });
    const n = await hook(other.token);
    expect(n.status).toBe(409);
    expect((await errorCode(n)).message).toMatch(/no webhook trigger/);
    for (const fl of [disabled, draft, other]) expect(await runsOf(db, fl.flowId)).toHaveLength(0);
  });

  it("with a secret: a valid signature runs; a missing, wrong, stale or malformed one is 401", async () => {
    const secret = "whsec_0123456789abcdef";
    const f = await seedFlow(db, ws, webhookGraph(), { secret });
    const body = JSON.stringify({ ok: true });
    const now = Math.floor(Date.now() / 1000);
    const send = (sig: string | null, b = body) =>
      hook(f.token, {
        body: b,
        headers: { "content-type": "application/json", ...(sig ? { "x-switchboard-signature": sig } : {}) },
      });

    expect((await send(await signWebhook(secret, body, now))).status).toBe(202);
    const cases: [string, string | null][] = [
      ["missing", null],
      ["wrong secret", await signWebhook("not-the-secret", body, now)],
      ["other body", await signWebhook(secret, '{"ok":false}', now)],
      ["stale", await signWebhook(secret, body, now - 301)],
      ["future", await signWebhook(secret, body, now + 301)],
      ["malformed", "v1=zz"],
      ["short v1", `t=${now},v1=abcd`],
    ];
    for (const [label, sig] of cases) {
      const res = await send(sig);
      expect(res.status, label).toBe(401);
      expect((await errorCode(res)).code, label).toBe("unauthorized");
    }
    expect(await runsOf(db, f.flowId)).toHaveLength(1);
    const input = (await runsOf(db, f.flowId))[0]?.input as { headers: Record<string, string> };
    expect(input.headers["x-switchboard-signature"]).toBeUndefined();
  });

  it("is replay-safe: the same Idempotency-Key or X-Webhook-Id answers with the same run and starts one", async () => {
    const f = await seedFlow(db, ws, webhookGraph());
    const first = await hook(f.token, {
      headers: { "content-type": "application/json", "idempotency-key": "evt_1" },
    });
    const again = await hook(f.token, {
      headers: { "content-type": "application/json", "idempotency-key": "evt_1" },
    });
    const a = (await first.json()) as { runId: string; created: boolean };
    const b = (await again.json()) as { runId: string; created: boolean };
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(b).toMatchObject({ runId: a.runId, created: false });
    const concurrent = await Promise.all(
      Array.from({ length: 8 }, () =>
        hook(f.token, { headers: { "content-type": "application/json", "x-webhook-id": "wh_7" } }),
      ),
    );
    const ids = new Set(
      await Promise.all(concurrent.map(async (r) => ((await r.json()) as { runId: string }).runId)),
    );
    expect(ids.size).toBe(1);
    const runs = await runsOf(db, f.flowId);
    expect(runs.map((r) => r.dedupe_key).sort()).toEqual(["webhook:evt_1", "webhook:wh_7"]);
    expect(
      await runJobs(
        db,
        runs.map((r) => r.id),
      ),
    ).toHaveLength(2);
  });

  it("answers 429 once the flow's rate limit is spent", async () => {
    const f = await seedFlow(db, ws, webhookGraph());
    await sql`insert into private.rate_limits (key, window_start, hits)
      values (${`flow-webhook:${f.flowId}`}, now(), ${WEBHOOK_RATE_PER_MINUTE})`.execute(db);
    const res = await hook(f.token);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await runsOf(db, f.flowId)).toHaveLength(0);
  });

  it("when_responded: answers with what the flow's respond_to_webhook stored", async () => {
    const f = await seedFlow(db, ws, webhookGraph({ respond: "when_responded", timeoutMs: 10_000 }));
    const pending = hook(f.token, { body: JSON.stringify({ q: 1 }) });
    // Stand in for the engine: once the run exists, store its response and notify.
    let runId: string | undefined;
    for (let i = 0; i < 100 && !runId; i++) {
      runId = (await runsOf(db, f.flowId))[0]?.id;
      if (!runId) await new Promise((r) => setTimeout(r, 20));
    }
    expect(runId).toBeDefined();
    await new Promise((r) => setTimeout(r, 100));
    await sql`update public.flow_runs set response = ${JSON.stringify({
      status: 201,
      headers: { "x-answer": "yes", "set-cookie": "nope=1" },
      body: { created: "lead" },
    })}::jsonb where id = ${runId}`.execute(db);
    await sql`select pg_notify('flow_runs', ${JSON.stringify({ workspaceId: ws.id, runId, status: "running" })})`.execute(
      db,
    );
    const res = await pending;
    expect(res.status).toBe(201);
    expect(res.headers.get("x-answer")).toBe("yes");
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(res.headers.get("x-flow-run-id")).toBe(runId);
    expect(await res.json()).toEqual({ created: "lead" });
  });

  it("when_responded: answers 202 with the run id when nothing responds in time", async () => {
    const f = await seedFlow(db, ws, webhookGraph({ respond: "when_responded", timeoutMs: 300 }));
    const t0 = Date.now();
    const res = await hook(f.token);
    expect(res.status).toBe(202);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(Date.now() - t0).toBeLessThan(5000);
    const { runId } = (await res.json()) as { runId: string };
    expect((await runsOf(db, f.flowId)).map((r) => r.id)).toEqual([runId]);
  });

  it("members cannot call the trigger SQL themselves (forge runs, read secrets, claim ticks)", async () => {
    const f = await seedFlow(db, ws, webhookGraph());
    const calls = [
      sql`select * from private.flow_enqueue_run(${ws.id}::uuid, ${f.flowId}::uuid, 'webhook', 'hook', '{}'::jsonb, null)`,
      sql`select * from private.flow_webhook_target('x', 1, 60)`,
      sql`select * from private.flow_schedule_claim(now(), 10)`,
      sql`select * from private.flow_schedule_commit(gen_random_uuid(), '[]'::jsonb, null)`,
      sql`select private.flow_emit_event(${ws.id}::uuid, 'run.failed', 'x', '{}'::jsonb)`,
    ];
    for (const q of calls) {
      const code = await asUser(db, ws.users.owner, (tx) => q.execute(tx)).then(
        () => "ok",
        (e) => pgCode(e),
      );
      expect(code).toBe("42501");
    }
    expect(await runsOf(db, f.flowId)).toHaveLength(0);
  });

  it("end to end with the engine: webhook → transform → respond_to_webhook answers the waiting request", async () => {
    const runner = await run({
      connectionString: url,
      concurrency: 2,
      noHandleSignals: true,
      pollInterval: 200,
      taskList: { flow_run: flowRunTask(db) },
      logger: new Logger(() => () => {}),
    });
    try {
      const f = await seedFlow(db, ws, {
        nodes: [
          triggerNode("hook", "webhook_trigger", { respond: "when_responded", timeoutMs: 15_000 }),
          {
            id: "shape",
            type: "transform",
            name: "Shape",
            config: {
              keepInput: false,
              operations: [{ op: "set", field: "email", value: "{{ $trigger.body.lead.email }}" }],
            },
            position: { x: 0, y: 0 },
          },
          {
            id: "answer",
            type: "respond_to_webhook",
            name: "Answer",
            config: {
              status: 201,
              headers: { "x-flow": "yes" },
              body: { ok: true, email: '{{ $node["Shape"].output.email }}' },
            },
            position: { x: 0, y: 0 },
          },
        ],
        edges: [
          { id: "e1", source: "hook", target: "shape" },
          { id: "e2", source: "shape", target: "answer" },
        ],
      });
      const res = await hook(f.token, { body: JSON.stringify({ lead: { email: "ada@example.test" } }) });
      expect(res.status).toBe(201);
      expect(res.headers.get("x-flow")).toBe("yes");
      expect(await res.json()).toEqual({ ok: true, email: "ada@example.test" });
      const [stored] = await runsOf(db, f.flowId);
      expect(res.headers.get("x-flow-run-id")).toBe(stored?.id);
    } finally {
      await runner.stop();
    }
  });
});
