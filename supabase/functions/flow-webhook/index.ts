// Supabase edge function: a flow's webhook ingress (verify, record, enqueue).
// The checks are lib/flows/triggers/webhook-ingress.ts, the same code the app
// route runs; the look-up and the record + enqueue are the same SQL
// (private.flow_webhook_target, private.flow_enqueue_run). The run itself
// executes on the worker, which picks up the `flow_run` job.
//
// URL: /functions/v1/flow-webhook/<token>
import {
  handleWebhook,
  WEBHOOK_RATE_PER_MINUTE,
  type WebhookDeps,
  type WebhookResponseSpec,
} from "../../../lib/flows/triggers/webhook-ingress.ts";
import { db, json } from "../_shared/db.ts";
import { decryptSecret, webhookSecretAad } from "../_shared/secrets.ts";

const TERMINAL = new Set(["succeeded", "failed", "canceled"]);

const deps: WebhookDeps = {
  async lookup(tokenHash) {
    const { rows } = await db().query("select * from private.flow_webhook_target($1, $2, 60)", [
      tokenHash,
      WEBHOOK_RATE_PER_MINUTE,
    ]);
    const r = rows[0];
    if (!r) return null;
    return {
      flowId: r.flow_id,
      workspaceId: r.workspace_id,
      enabled: r.enabled,
      publishedVersion: r.published_version,
      secretEnc: r.secret_enc,
      nodeId: r.node_id,
      nodeConfig: r.node_config ?? {},
      rateAllowed: r.rate_allowed,
      retryAfterSeconds: r.retry_after_seconds,
    };
  },
  decryptSecret: (t) => decryptSecret(t.secretEnc as string, webhookSecretAad(t.workspaceId, t.flowId)),
  async enqueue(r) {
    const { rows } = await db().query(
      "select * from private.flow_enqueue_run($1, $2, 'webhook', $3, $4, $5)",
      [r.workspaceId, r.flowId, r.nodeId, JSON.stringify(r.input), r.dedupeKey],
    );
    return { runId: rows[0].run_id, created: rows[0].created, status: rows[0].status };
  },
  // Polled: an edge function instance is short-lived, a LISTEN connection per instance is not worth it.
  async waitForResponse(runId, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await db().query(
        "select status, response, output, error from public.flow_runs where id = $1",
        [runId],
      );
      const r = rows[0];
      if (r?.response) return r.response as WebhookResponseSpec;
      if (r && TERMINAL.has(r.status)) {
        return r.status === "succeeded"
          ? { status: 200, body: r.output }
          : { status: 500, body: { error: r.error ?? { code: r.status, message: `The run ${r.status}.` } } };
      }
      await new Promise((res) => setTimeout(res, 100));
    }
    return null;
  },
};

function tokenOf(req: Request): string {
  const last = new URL(req.url).pathname.split("/").filter(Boolean).at(-1) ?? "";
  try {
    return decodeURIComponent(last);
  } catch {
    // A malformed %-escape: no token of ours looks like that (the ingress answers 404).
    return "";
  }
}

Deno.serve(async (req) => {
  try {
    return await handleWebhook(req, tokenOf(req), deps);
  } catch (err) {
    console.error("flow-webhook failed", err);
    return json(500, { error: { code: "internal", message: "Something went wrong on our side." } });
  }
});
