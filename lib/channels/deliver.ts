import { sql } from "kysely";
import type { Database } from "../db/client";
import type { Tx } from "../db/rls";
import type { Json } from "../db/types";

export type DeliveryKind = "message" | "labels" | "handoff";

export interface DeliveryRequest {
  workspaceId: string;
  inboxId: string;
  conversationId: string;
  messageId?: string;
  kind: DeliveryKind;
  payload: Json;
}

/** How long the safety-net job of a delivery sent inline waits before it sends it itself. */
export const INLINE_SAFETY_NET_MS = 60_000;

/**
 * Records one outbound action to a vendor and queues it for the worker (task
 * channel_deliver), in one statement: a delivery is never stored without its
 * job. Answers the delivery's id.
 */
export async function enqueueDelivery(db: Database | Tx, d: DeliveryRequest): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    with d as (
      insert into public.channel_deliveries (workspace_id, inbox_id, conversation_id, message_id, kind, payload)
      values (${d.workspaceId}, ${d.inboxId}, ${d.conversationId}, ${d.messageId ?? null}, ${d.kind},
              ${JSON.stringify(d.payload ?? {})}::jsonb)
      returning id)
    select d.id, private.enqueue_channel_delivery(d.id) from d`.execute(db);
  const id = rows[0]?.id;
  if (!id) throw new Error("channel delivery not stored");
  return id;
}

/** A delivery as its sender needs it: the row, its inbox and conversation, the inbox's sealed secrets. */
export interface LoadedDelivery {
  id: string;
  workspace_id: string;
  inbox_id: string;
  conversation_id: string;
  kind: string;
  payload: Record<string, unknown>;
  status: string;
  attempts: number;
  channel: string;
  settings: Record<string, unknown>;
  external_ref: string | null;
  contact_ref: string | null;
  last_inbound_at: Date | null;
  tags: string[];
  /** Encrypted envelopes by name (inbox_secrets.ciphertext), when read with the row. */
  sealed?: Record<string, string>;
}

/**
 * Records a delivery its caller sends at once (runInlineDelivery), and answers
 * it with everything the send needs, in one round trip. Its job is queued a
 * minute out as the safety net: it sends it if the caller's process dies
 * first. `onlyWhileBot`: recorded only while the bot handles the
 * conversation, in the same statement, so people who take over before it is
 * recorded always win; undefined when not recorded.
 */
export async function recordInlineDelivery(
  db: Database | Tx,
  d: DeliveryRequest,
  opts: { onlyWhileBot: boolean },
): Promise<LoadedDelivery | undefined> {
  const runAt = new Date(Date.now() + INLINE_SAFETY_NET_MS);
  const { rows } = await sql<{
    d: (Omit<LoadedDelivery, "last_inbound_at"> & { last_inbound_at: string | null }) | null;
  }>`
    select private.channel_record_reply_delivery(${d.workspaceId}::uuid, ${d.inboxId}::uuid,
      ${d.conversationId}::uuid, ${d.messageId ?? null}::uuid, ${d.kind}, ${JSON.stringify(d.payload ?? {})}::jsonb,
      ${opts.onlyWhileBot}, ${runAt}::timestamptz) as d`.execute(db);
  const row = rows[0]?.d;
  if (!row) return undefined;
  return { ...row, last_inbound_at: row.last_inbound_at ? new Date(row.last_inbound_at) : null };
}
