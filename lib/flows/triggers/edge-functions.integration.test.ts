import { spawnSync } from "node:child_process";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { type ServedFunctions, serveFunctions } from "@/scripts/functions-serve";
import { asService, openDb, type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import { ensureQueueSchema, runJobs, runsOf, seedFlow, triggerNode } from "@/test/flows/triggers-kit";
import { scheduleTick } from "./schedule";
import { MAX_WEBHOOK_BODY_BYTES, signWebhook } from "./webhook-ingress";

// The Supabase edge functions under Deno (the `deno` npm package), served by
// scripts/functions-serve.ts as `npm run dev` serves them, against the test
// database.

const url = process.env.DATABASE_URL as string;
const db = getDb();
let ws: SeedWorkspace;
let fns: ServedFunctions;

beforeAll(async () => {
  await ensureQueueSchema(url);
  ws = await seedWorkspace(openDb(), "edge");
  fns = await serveFunctions({
    env: { ...process.env, DATABASE_URL: url, FLOWS_TICK_SECRET: "tick-secret" },
  });
}, 120_000);
afterAll(async () => {
  await fns?.stop();
  await closeDb();
});

const webhookGraph = (config: Record<string, unknown> = {}) => ({
  nodes: [triggerNode("hook", "webhook_trigger", config)],
  edges: [],
});

function hook(token: string, init: RequestInit = {}) {
  return fetch(`${fns.url}/flow-webhook/${token}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
    ...init,
  });
}

describe("supabase/functions under Deno", () => {
  it("type-checks with deno check", () => {
    const r = spawnSync(
      "node_modules/.bin/deno",
      [
        "check",
        "--config",
        "supabase/functions/deno.json",
        "supabase/functions/flow-webhook/index.ts",
        "supabase/functions/flow-schedule-tick/index.ts",
      ],
      {
        encoding: "utf8",
        env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
        timeout: 120_000,
      },
    );
    expect(r.stderr + r.stdout).not.toMatch(/error/i);
    expect(r.status).toBe(0);
  }, 130_000);

  it("flow-webhook: records the run and enqueues it, like the app route", async () => {
    const f = await seedFlow(db, ws, webhookGraph());
    const res = await hook(f.token, {
      body: JSON.stringify({ hello: "deno" }),
      headers: { "content-type": "application/json", cookie: "a=b" },
    });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    const runs = await runsOf(db, f.flowId);
    expect(runs.map((r) => r.id)).toEqual([runId]);
    expect(runs[0]).toMatchObject({ trigger: "webhook", trigger_node_id: "hook", status: "queued" });
    const input = runs[0]?.input as { body: unknown; headers: Record<string, string> };
    expect(input.body).toEqual({ hello: "deno" });
    expect(input.headers.cookie).toBeUndefined();
    expect(await runJobs(db, [runId])).toEqual([runId]);
  });

  it("flow-webhook: verifies signatures with the secret encrypted by the app (WebCrypto)", async () => {
    const secret = "whsec_edge_0123456789";
    const f = await seedFlow(db, ws, webhookGraph(), { secret });
    const body = '{"signed":true}';
    const now = Math.floor(Date.now() / 1000);
    const ok = await hook(f.token, {
      body,
      headers: {
        "content-type": "application/json",
        "x-switchboard-signature": await signWebhook(secret, body, now),
      },
    });
    expect(ok.status).toBe(202);
    const bad = await hook(f.token, {
      body,
      headers: {
        "content-type": "application/json",
        "x-switchboard-signature": await signWebhook("nope", body, now),
      },
    });
    expect(bad.status).toBe(401);
    const stale = await hook(f.token, {
      body,
      headers: {
        "content-type": "application/json",
        "x-switchboard-signature": await signWebhook(secret, body, now - 400),
      },
    });
    expect(stale.status).toBe(401);
    expect(await runsOf(db, f.flowId)).toHaveLength(1);
  });

  it("flow-webhook: 404 unknown token, 409 disabled, 413 oversized, 415, 400 bad JSON; replay → one run", async () => {
    expect((await hook("B".repeat(43))).status).toBe(404);
    // A malformed %-escape in the path is an unknown token, not a 500.
    expect((await hook("%E0%A4%A")).status).toBe(404);
    const off = await seedFlow(db, ws, webhookGraph(), { enabled: false });
    expect((await hook(off.token)).status).toBe(409);
    const f = await seedFlow(db, ws, webhookGraph());
    expect(
      (
        await hook(f.token, {
          body: "x".repeat(MAX_WEBHOOK_BODY_BYTES + 1),
          headers: { "content-type": "text/plain" },
        })
      ).status,
    ).toBe(413);
    expect(
      (await hook(f.token, { headers: { "content-type": "application/xml" }, body: "<a/>" })).status,
    ).toBe(415);
    expect((await hook(f.token, { body: "{" })).status).toBe(400);
    const headers = { "content-type": "application/json", "idempotency-key": "edge-1" };
    const a = (await (await hook(f.token, { headers })).json()) as { runId: string };
    const b = (await (await hook(f.token, { headers })).json()) as { runId: string; created: boolean };
    expect(b).toMatchObject({ runId: a.runId, created: false });
    expect(await runsOf(db, f.flowId)).toHaveLength(1);
  });

  it("flow-webhook: when_responded answers with the stored response", async () => {
    const f = await seedFlow(db, ws, webhookGraph({ respond: "when_responded", timeoutMs: 10_000 }));
    const pending = hook(f.token);
    let runId: string | undefined;
    for (let i = 0; i < 200 && !runId; i++) {
      runId = (await runsOf(db, f.flowId))[0]?.id;
      if (!runId) await new Promise((r) => setTimeout(r, 20));
    }
    await sql`update public.flow_runs set response = ${JSON.stringify({ status: 200, body: "pong" })}::jsonb
      where id = ${runId}`.execute(db);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("pong");
  });

  it("flow-schedule-tick: needs its secret, fires due ticks, and never doubles a tick with the worker's pass", async () => {
    const f = await seedFlow(db, ws, {
      nodes: [triggerNode("tick", "schedule_trigger", { cron: "* * * * * *" })],
      edges: [],
    });
    const tick = () =>
      fetch(`${fns.url}/flow-schedule-tick`, {
        method: "POST",
        headers: { authorization: "Bearer tick-secret" },
      });
    expect((await fetch(`${fns.url}/flow-schedule-tick`, { method: "POST" })).status).toBe(401);
    // A tick two seconds ago is due for both paths at once.
    await asService(db, (tx) =>
      tx
        .updateTable("flow_triggers")
        .set({ next_tick_at: new Date(Math.floor(Date.now() / 1000) * 1000 - 2000) })
        .where("flow_id", "=", f.flowId)
        .execute(),
    );
    const [edge] = await Promise.all([tick(), scheduleTick(), tick(), scheduleTick()]);
    expect(edge.status).toBe(200);
    const runs = await runsOf(db, f.flowId);
    const ticks = runs.map((r) => (r.input as { tickAt: string }).tickAt);
    expect(ticks.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ticks).size).toBe(ticks.length);
  });
});
