import { sql } from "kysely";
import { getDb } from "../db/client";
import { runAsService, runAsUser } from "../db/rls";
import { AppError } from "../errors";
import type { ChannelActor } from "./human-reply";

/**
 * "Retry" on a failed delivery: it goes back to the queue with its attempts
 * reset. Members (or above) only: the update of the conversation's read
 * marker, through RLS, proves it before the service path touches the row.
 */
export async function retryDelivery(actor: ChannelActor, deliveryId: string): Promise<void> {
  const ok = await runAsUser(actor.claims, async (tx) => {
    const d = await tx
      .selectFrom("channel_deliveries")
      .select(["conversation_id", "status"])
      .where("workspace_id", "=", actor.workspaceId)
      .where("id", "=", deliveryId)
      .executeTakeFirst();
    if (!d) return null;
    const member = await tx
      .updateTable("conversations")
      .set({ unread_count: sql`unread_count` })
      .where("workspace_id", "=", actor.workspaceId)
      .where("id", "=", d.conversation_id)
      .returning("id")
      .executeTakeFirst();
    return { status: d.status, member: Boolean(member) };
  });
  if (!ok) throw new AppError("not_found", "Delivery not found.");
  if (!ok.member) throw new AppError("forbidden", "Only members can retry a delivery.");
  if (ok.status !== "failed") throw new AppError("conflict", "Only a failed delivery can be retried.");
  await runAsService(
    "channels:retry-delivery",
    (tx) =>
      sql`
      with d as (
        update public.channel_deliveries set status = 'pending', attempts = 0
         where id = ${deliveryId} and workspace_id = ${actor.workspaceId} and status = 'failed'
        returning id)
      select private.enqueue_channel_delivery(d.id) from d`.execute(tx),
    getDb(),
  );
}
