import { getDb } from "../../db/client";
import { type RunEvent, subscribeRunEvents } from "../engine";
import type { WebhookResponseSpec } from "./webhook-ingress";

/**
 * Waits for a run's webhook response: what a respond_to_webhook node stored
 * in flow_runs.response, or the run's end (its output, 200; a failure, 500
 * with the run's safe error). Woken by the engine's `flow_runs`
 * notifications (one LISTEN connection per process, shared with SSE), and
 * only by the run's own events that can answer — `responded` or a final
 * status — so a busy run's node events cost no reads. The row is read once
 * after subscribing, so a response written before that is not missed.
 */
const TERMINAL = new Set(["succeeded", "failed", "canceled"]);

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

const mayAnswer = (e: RunEvent) => !e.nodeId && (e.responded === true || TERMINAL.has(e.status));

export async function waitForWebhookResponse(
  runId: string,
  timeoutMs: number,
): Promise<WebhookResponseSpec | null> {
  let settle: (v: WebhookResponseSpec | null) => void = () => {};
  let fail: (e: unknown) => void = () => {};
  const result = new Promise<WebhookResponseSpec | null>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  let done = false;
  const check = () => {
    if (done) return;
    readResponse(runId).then((r) => {
      if (r) settle(r);
    }, fail);
  };
  const unsubscribe = await subscribeRunEvents(runId, (e) => {
    if (mayAnswer(e)) check();
  });
  const timer = setTimeout(() => settle(null), timeoutMs);
  check();
  try {
    return await result;
  } finally {
    done = true;
    clearTimeout(timer);
    unsubscribe();
  }
}
