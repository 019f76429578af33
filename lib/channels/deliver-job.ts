import type { Task } from "graphile-worker";
import { sql } from "kysely";
import type { Database } from "../db/client";
import type { Tx } from "../db/rls";
import { isAppError } from "../errors";
import { logger } from "../logger";
import { adapterContext, conversationTarget } from "./adapter-context";
import {
  adapterFor,
  type ChannelAdapter,
  ChannelSendError,
  canSendFreeForm,
  isChannelSendError,
} from "./adapters";
import type { LoadedDelivery } from "./deliver";
import "./adapters/index";

export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  /** The wait before the second try; it doubles each time, up to capMs. */
  baseMs: number;
  capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseMs: 2_000, capMs: 300_000 };

export type DeliveryOutcome = "sent" | "retry" | "failed" | "skipped";

export const backoffMs = (p: RetryPolicy, attempt: number) =>
  Math.min(p.capMs, p.baseMs * 2 ** (attempt - 1));

/**
 * Task `channel_deliver`: one outbound action to the vendor. The row is locked
 * while it is sent, so a manual retry and a scheduled one never send it twice,
 * and a 'sent' delivery is never sent again. A retryable failure is tried
 * again later (exponential backoff, capped); the last failure, or one that
 * would fail again (bad credentials, the WhatsApp window), stays 'failed' with
 * its error for the Inbox's Retry.
 */
export async function runDelivery(
  db: Database,
  deliveryId: string,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<DeliveryOutcome> {
  return db.transaction().execute(async (tx) => {
    const { rows } = await sql<LoadedDelivery>`
      select d.id, d.workspace_id, d.inbox_id, d.conversation_id, d.kind, d.payload, d.status, d.attempts,
             i.channel::text as channel, i.settings, c.external_ref, c.contact_ref, c.last_inbound_at, c.tags
        from public.channel_deliveries d
        join public.inboxes i on i.id = d.inbox_id and i.workspace_id = d.workspace_id
        join public.conversations c on c.id = d.conversation_id and c.workspace_id = d.workspace_id
       where d.id = ${deliveryId}
         for update of d skip locked`.execute(tx);
    const d = rows[0];
    if (!d) {
      // Locked by another transaction (a send in flight, or one about to change
      // it). Whoever holds it may finish without queuing another job, so a
      // still-pending delivery is looked at again shortly instead of being left.
      await requeueIfPending(tx, deliveryId);
      return "skipped";
    }
    if (d.status !== "pending") return "skipped";
    return tryDelivery(tx, d, policy);
  });
}

/** The re-look after a skipped lock: 1 s later, only if the last committed state is still pending. */
export const LOCKED_RECHECK_MS = 1_000;

async function requeueIfPending(tx: Tx, deliveryId: string): Promise<void> {
  const runAt = new Date(Date.now() + LOCKED_RECHECK_MS);
  await sql`select private.enqueue_channel_delivery(d.id, ${runAt}::timestamptz)
              from public.channel_deliveries d
             where d.id = ${deliveryId} and d.status = 'pending'`.execute(tx);
}

/**
 * Sends a delivery its caller has just recorded (recordInlineDelivery): no
 * transaction or row lock, as no one else sends a pending row before its
 * safety-net job's time; the job goes once it is sent, or moves to the
 * backoff's time when a retry is due.
 */
export function runInlineDelivery(
  db: Database,
  d: LoadedDelivery,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<DeliveryOutcome> {
  return tryDelivery(db, d, policy, { inline: true });
}

/** One try: sent (and recorded so), or the failure recorded with its retry or its end. */
async function tryDelivery(
  db: Database | Tx,
  d: LoadedDelivery,
  policy: RetryPolicy,
  opts: { inline?: boolean } = {},
): Promise<DeliveryOutcome> {
  const attempt = d.attempts + 1;
  try {
    const externalId = await send(db, d);
    const sent = db
      .updateTable("channel_deliveries")
      .set({
        status: "sent",
        attempts: attempt,
        last_error: null,
        ...(externalId ? { external_id: externalId, delivery_status: "sent" } : {}),
      })
      .where("id", "=", d.id);
    if (opts.inline)
      // One round trip: the row is sent, and its safety-net job is not needed.
      await sql`with u as (${sent.returning("id")})
        select graphile_worker.remove_job('channel_deliver:' || u.id::text) from u`.execute(db);
    else await sent.execute();
    return "sent";
  } catch (e) {
    const err = asSendError(e);
    const again = err.retryable && attempt < policy.maxAttempts;
    await db
      .updateTable("channel_deliveries")
      .set({
        status: again ? "pending" : "failed",
        attempts: attempt,
        last_error: JSON.stringify({ code: err.code, message: err.message.slice(0, 500) }),
      })
      .where("id", "=", d.id)
      .execute();
    if (again) {
      const runAt = new Date(Date.now() + backoffMs(policy, attempt));
      await sql`select private.enqueue_channel_delivery(${d.id}::uuid, ${runAt}::timestamptz)`.execute(db);
    } else if (opts.inline)
      await sql`select graphile_worker.remove_job(${`channel_deliver:${d.id}`})`.execute(db);
    logger.warn(
      { deliveryId: d.id, kind: d.kind, channel: d.channel, attempt, code: err.code, err: e },
      again ? "channels: delivery failed; retrying" : "channels: delivery failed",
    );
    return again ? "retry" : "failed";
  }
}

async function send(db: Database | Tx, d: LoadedDelivery): Promise<string | undefined> {
  const adapter: ChannelAdapter | undefined = adapterFor(d.channel);
  if (!adapter)
    throw new ChannelSendError("channel_unavailable", `This server cannot send to ${d.channel} inboxes.`, {
      retryable: false,
    });
  const ctx = adapterContext(db, {
    workspaceId: d.workspace_id,
    inboxId: d.inbox_id,
    settings: d.settings,
    sealed: d.sealed,
  });
  const to = conversationTarget({ ...d, id: d.conversation_id });
  if (d.kind === "message") {
    const text = typeof d.payload.text === "string" ? d.payload.text : "";
    const window = canSendFreeForm(adapter, to);
    if (!window.ok) throw new ChannelSendError(window.code, window.message, { retryable: false });
    return (await adapter.sendText(ctx, to, text)).externalId;
  }
  // The set as it is now, not as it was queued: an older set sent late would undo a newer one.
  if (d.kind === "labels") await adapter.setLabels?.(ctx, to, d.tags);
  else if (d.kind === "handoff")
    await adapter.handoff?.(ctx, to, typeof d.payload.reason === "string" ? d.payload.reason : "");
  return undefined;
}

function asSendError(e: unknown): ChannelSendError {
  if (isChannelSendError(e)) return e;
  // The SSRF guard and the body cap refuse for good; anything else (a reset, a timeout) may pass later.
  if (isAppError(e) && (e.code === "bad_request" || e.code === "forbidden"))
    return new ChannelSendError("refused", e.message, { retryable: false, cause: e });
  if (isAppError(e)) return new ChannelSendError(e.code, e.message, { retryable: true, cause: e });
  return new ChannelSendError("send_failed", "The channel could not be reached.", {
    retryable: true,
    cause: e,
  });
}

export function channelDeliverTask(db: Database, policy: RetryPolicy = DEFAULT_RETRY): Task {
  return async (payload) => {
    const id = (payload as { deliveryId?: unknown } | null)?.deliveryId;
    if (typeof id !== "string") {
      logger.error({ payload }, "channels: malformed channel_deliver job; dropped");
      return;
    }
    await runDelivery(db, id, policy);
  };
}
