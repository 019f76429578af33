import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import Stripe from "stripe";
import { runAsService } from "../../db/rls";
import { env } from "../../env";
import { AppError } from "../../errors";
import { readCappedBody, WebhookRefusal } from "../../flows/triggers/webhook-ingress";
import { errorResponse, json } from "../../http/respond";
import { logger } from "../../logger";
import { invalidateBillingCache } from "../entitlements";
import { stripeClient } from "./client";
import { stripeEventHandlers } from "./events";

/** Stripe's own default and the rule: a signature older than five minutes is refused. */
export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;
/** Stripe's events are a few kB; a megabyte is a generous cap. */
const MAX_BODY_BYTES = 1_048_576;

export type WebhookOutcome = "applied" | "duplicate" | "ignored";

/**
 * Verifies the raw bytes against `Stripe-Signature` with the SDK
 * (`stripe.webhooks.constructEvent`), nothing parsed before that.
 */
function verify(raw: Uint8Array, header: string | null, secret: string): Stripe.Event {
  if (!header) throw new AppError("bad_request", "The Stripe-Signature header is missing.");
  try {
    return stripeClient().webhooks.constructEvent(
      Buffer.from(raw),
      header,
      secret,
      STRIPE_SIGNATURE_TOLERANCE_SECONDS,
    );
  } catch (e) {
    if (e instanceof Stripe.errors.StripeSignatureVerificationError) {
      throw new AppError("bad_request", "The Stripe signature is invalid or too old.", { cause: e });
    }
    throw new AppError("bad_request", "The body is not a Stripe event.", { cause: e });
  }
}

/**
 * Applies a verified event exactly once: its id goes into private.stripe_events
 * in the transaction that applies it, so a redelivery (Stripe retries until it
 * gets a 2xx) or a replay finds it there and does nothing, and a failure
 * leaves neither the effect nor the record (Stripe delivers it again).
 */
export async function applyStripeEvent(event: Stripe.Event): Promise<WebhookOutcome> {
  const handler = stripeEventHandlers[event.type];
  if (!handler) return "ignored";
  const stripe = stripeClient();
  const { outcome, workspaceId } = await runAsService("stripe:webhook", async (tx) => {
    const fresh = await tx
      .insertInto("private.stripe_events")
      .values({ id: event.id, type: event.type, created: new Date(event.created * 1000) })
      .onConflict((oc) => oc.column("id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!fresh) return { outcome: "duplicate" as const, workspaceId: null };
    const { workspaceId } = await handler({ tx, stripe, event });
    await tx
      .updateTable("private.stripe_events")
      .set({ workspace_id: workspaceId, processed_at: sql<Date>`now()` })
      .where("id", "=", event.id)
      .execute();
    return { outcome: "applied" as const, workspaceId };
  });
  // This process answers limit checks from a short cache: the new plan applies at once here.
  if (workspaceId) invalidateBillingCache(workspaceId);
  return outcome;
}

/** POST /api/billing/stripe/webhook: 400 for what Stripe must not resend as is, 200 once applied or known. */
export async function stripeWebhookEndpoint(req: Request): Promise<Response> {
  const requestId = req.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
  try {
    const e = env();
    if (!e.STRIPE_SECRET_KEY) throw new AppError("not_found", "Billing is not enabled on this instance.");
    // 503, not 404: Stripe keeps retrying for days, so events are not lost while the operator adds it.
    if (!e.STRIPE_WEBHOOK_SECRET)
      throw new AppError("unavailable", "The Stripe webhook secret is not configured.");
    let raw: Uint8Array;
    try {
      raw = await readCappedBody(req, MAX_BODY_BYTES);
    } catch (err) {
      if (err instanceof WebhookRefusal) throw new AppError("payload_too_large", err.message);
      throw err;
    }
    const event = verify(raw, req.headers.get("stripe-signature"), e.STRIPE_WEBHOOK_SECRET);
    const outcome = await applyStripeEvent(event);
    logger.info({ requestId, eventId: event.id, type: event.type, outcome }, "stripe webhook");
    return json({ received: true, outcome }, 200, { "x-request-id": requestId });
  } catch (err) {
    return errorResponse(err, requestId);
  }
}
