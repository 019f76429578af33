import type { Task } from "graphile-worker";
import { sql } from "kysely";
import type { Database } from "../db/client";
import { logger } from "../logger";

/**
 * How long an incoming vendor message id is remembered for dedupe. Vendors
 * redeliver within minutes to hours (Meta retries for up to 7 days), so 30
 * days is well past any redelivery; the table otherwise grows with every
 * customer message.
 */
export const INBOUND_DEDUPE_DAYS = 30;

/** Task `channel_prune` (daily): forgets incoming message ids older than the dedupe window. */
export async function pruneChannelEvents(db: Database): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with gone as (
      delete from public.channel_inbound_events
       where received_at < now() - make_interval(days => ${INBOUND_DEDUPE_DAYS})
      returning 1)
    select count(*)::int as n from gone`.execute(db);
  return rows[0]?.n ?? 0;
}

export function channelPruneTask(db: Database): Task {
  return async () => {
    logger.info({ pruned: await pruneChannelEvents(db) }, "channels: pruned old inbound message ids");
  };
}
