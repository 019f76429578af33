import { sql } from "kysely";
import type { Database } from "../../db/client";
import type { DeliveryStatus } from "./extract";

/**
 * Meta reports what became of a message we sent (sent → delivered → read, or
 * failed) by its wamid, which the delivery stored as external_id. Webhooks
 * arrive out of order and are retried, so a status only moves forward
 * (read is never turned back into delivered); `failed` ranks below delivered
 * because a message one device failed to get may still reach another.
 * A failure also fails a text delivery itself, with Meta's error, so the Inbox
 * shows it (and its Retry) like any failed send.
 */
export async function applyDeliveryStatus(
  db: Database,
  inboxId: string,
  e: { externalId: string; status: DeliveryStatus; error?: { code: string; message: string } },
): Promise<boolean> {
  const error =
    e.status === "failed"
      ? JSON.stringify(
          e.error ?? { code: "whatsapp_failed", message: "WhatsApp could not deliver this message." },
        )
      : null;
  const { rows } = await sql<{ found: boolean }>`
    with target as (
      select d.id, d.delivery_status from public.channel_deliveries d
      where d.inbox_id = ${inboxId} and d.external_id = ${e.externalId}
      for update),
    changed as (
      update public.channel_deliveries d
      set delivery_status = ${e.status},
          -- Delivered after all (another device): the Meta-reported failure no longer stands.
          -- Only a text can be sent again by a retry (a template is re-sent from the Inbox's picker).
          status = case when ${e.status} = 'failed' and d.payload ? 'text' then 'failed'
                        when t.delivery_status = 'failed' then 'sent' else d.status end,
          last_error = case when ${e.status} = 'failed' then ${error}::jsonb
                            when t.delivery_status = 'failed' then null else d.last_error end
      from target t
      where d.id = t.id
        and coalesce(array_position(array['sent', 'failed', 'delivered', 'read'], t.delivery_status), 0)
          < array_position(array['sent', 'failed', 'delivered', 'read'], ${e.status}::text)
      returning d.id)
    select exists (select 1 from target) as found, (select count(*) from changed) as changed`.execute(db);
  return rows[0]?.found ?? false;
}
