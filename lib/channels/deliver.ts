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
