import { EventEmitter } from "node:events";
import pg from "pg";
import { databaseUrl, getDb } from "../../db/client";
import { logger } from "../../logger";
import type { WebhookResponseSpec } from "./webhook-ingress";

/**
 * Waits for a run's webhook response: what a respond_to_webhook node stored
 * in flow_runs.response, or the run's end (its output, 200; a failure, 500
 * with the run's safe error). Woken by the engine's `flow_runs` notifications,
 * one LISTEN connection per process; the row is read once after subscribing
 * so a response written before that is not missed.
 */
const CHANNEL = "flow_runs";
const TERMINAL = new Set(["succeeded", "failed", "canceled"]);

interface WaiterState {
  emitter: EventEmitter;
  client?: pg.Client;
  connecting?: Promise<void>;
}
const store = globalThis as unknown as { __switchboardFlowWaiter?: WaiterState };

function state(): WaiterState {
  if (!store.__switchboardFlowWaiter) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    store.__switchboardFlowWaiter = { emitter };
  }
  return store.__switchboardFlowWaiter;
}

async function listening(): Promise<WaiterState> {
  const s = state();
  if (s.client) return s;
  s.connecting ??= (async () => {
    const client = new pg.Client({ connectionString: databaseUrl() });
    client.on("notification", (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      try {
        const e = JSON.parse(msg.payload) as { runId?: string };
        if (e.runId) s.emitter.emit(e.runId);
      } catch {
        // Not ours to read.
      }
    });
    client.on("error", (err) => {
      logger.error({ err }, "flows: response listener lost; reconnecting on next wait");
      s.client = undefined;
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    s.client = client;
  })().finally(() => {
    s.connecting = undefined;
  });
  await s.connecting;
  return s;
}

async function readResponse(runId: string): Promise<WebhookResponseSpec | null> {
  const row = await getDb()
    .selectFrom("flow_runs")
    .select(["status", "response", "output", "error"])
    .where("id", "=", runId)
    .executeTakeFirst();
  if (!row) return null;
  if (row.response && typeof row.response === "object") return row.response as unknown as WebhookResponseSpec;
  if (!TERMINAL.has(row.status)) return null;
  if (row.status === "succeeded") return { status: 200, body: row.output ?? null };
  return {
    status: 500,
    body: { error: row.error ?? { code: row.status, message: `The run ${row.status}.` } },
  };
}

export async function waitForWebhookResponse(
  runId: string,
  timeoutMs: number,
): Promise<WebhookResponseSpec | null> {
  const s = await listening();
  return new Promise((resolve, reject) => {
    let done = false;
    let checking = false;
    let again = false;
    const finish = (v: WebhookResponseSpec | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.emitter.off(runId, check);
      resolve(v);
    };
    // Notifications may come in bursts: one read at a time, one more if any came meanwhile.
    function check() {
      if (checking) {
        again = true;
        return;
      }
      checking = true;
      readResponse(runId)
        .then((r) => {
          checking = false;
          if (r) finish(r);
          else if (again) {
            again = false;
            check();
          }
        })
        .catch((e) => {
          done = true;
          clearTimeout(timer);
          s.emitter.off(runId, check);
          reject(e);
        });
    }
    const timer = setTimeout(() => finish(null), timeoutMs);
    s.emitter.on(runId, check);
    check();
  });
}

export async function closeResponseWaiter(): Promise<void> {
  const s = store.__switchboardFlowWaiter;
  store.__switchboardFlowWaiter = undefined;
  await s?.client?.end();
}
