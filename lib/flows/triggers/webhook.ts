import { createHash, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { getDb } from "../../db/client";
import { errorResponse } from "../../http/respond";
import type { Json } from "../graph-schema";
import { enqueueTriggeredRun } from "./enqueue-run";
import { waitForWebhookResponse } from "./wait-response";
import {
  handleWebhook,
  WEBHOOK_RATE_PER_MINUTE,
  type WebhookDeps,
  type WebhookTarget,
} from "./webhook-ingress";
import { decryptWebhookSecret } from "./webhook-secret";

interface TargetRow {
  flow_id: string;
  workspace_id: string;
  enabled: boolean;
  published_version: number | null;
  secret_enc: string | null;
  node_id: string | null;
  node_config: Record<string, unknown>;
  rate_allowed: boolean;
  retry_after_seconds: number;
}

export async function lookupWebhookTarget(tokenHash: string): Promise<WebhookTarget | null> {
  const { rows } = await sql<TargetRow>`
    select * from private.flow_webhook_target(${tokenHash}, ${WEBHOOK_RATE_PER_MINUTE}, 60)`.execute(getDb());
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
}

/** The app's webhook ingress: the shared checks with the Node database, keyring and response waiter. */
export const nodeWebhookDeps: WebhookDeps = {
  lookup: lookupWebhookTarget,
  decryptSecret: async (t) => decryptWebhookSecret(t.workspaceId, t.flowId, t.secretEnc as string),
  enqueue: (r) =>
    enqueueTriggeredRun(getDb(), {
      workspaceId: r.workspaceId,
      flowId: r.flowId,
      trigger: "webhook",
      nodeId: r.nodeId,
      input: r.input as Json,
      dedupeKey: r.dedupeKey,
    }),
  waitForResponse: waitForWebhookResponse,
  hashToken: (token) => createHash("sha256").update(token).digest("hex"),
};

export function receiveWebhook(req: Request, token: string): Promise<Response> {
  return handleWebhook(req, token, nodeWebhookDeps);
}

/** The route handler (app route and the app server's direct route): unexpected failures are a logged 500. */
export async function webhookEndpoint(req: Request, ctx: { params: Promise<Record<string, string>> }) {
  const requestId = req.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
  try {
    const { token } = await ctx.params;
    const res = await receiveWebhook(req, token ?? "");
    res.headers.set("x-request-id", requestId);
    return res;
  } catch (e) {
    return errorResponse(e, requestId);
  }
}
