import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveInbound } from "@/lib/channels/inbound";
import type { Database } from "@/lib/db/client";
import { seedChannelInbox, seedOfflineAgent } from "@/test/channels/channel-kit";
import { openDb, type SeedWorkspace, seedWorkspace, uniq } from "@/test/db/workspace-kit";
import { ensureQueueSchema } from "@/test/flows/triggers-kit";
import { INBOUND_DEDUPE_DAYS, pruneChannelEvents } from "./prune-job";

let db: Database;
let ws: SeedWorkspace;

beforeAll(async () => {
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  db = openDb();
  ws = await seedWorkspace(db, "channel-prune");
});
afterAll(async () => {
  await db.destroy();
});

describe("channel_prune", () => {
  it("forgets message ids past the dedupe window and keeps recent ones (and the messages)", async () => {
    const agentId = (await seedOfflineAgent(ws)).id;
    const { inboxId } = await seedChannelInbox(db, ws, { agentId, channel: "api" });
    const send = (id: string) =>
      receiveInbound(
        {
          inboxId,
          workspaceId: ws.id,
          externalMessageId: id,
          externalConversationRef: "c-1",
          contact: {},
          text: "hi",
        },
        db,
      );
    const old = `old-${uniq()}`;
    const recent = `new-${uniq()}`;
    await send(old);
    await send(recent);
    await sql`update public.channel_inbound_events set received_at = now() - make_interval(days => ${INBOUND_DEDUPE_DAYS + 1})
               where inbox_id = ${inboxId} and external_id = ${old}`.execute(db);
    expect(await pruneChannelEvents(db)).toBeGreaterThanOrEqual(1);
    const left = await db
      .selectFrom("channel_inbound_events")
      .select("external_id")
      .where("inbox_id", "=", inboxId)
      .execute();
    expect(left.map((r) => r.external_id)).toEqual([recent]);
    // The conversation and both messages stay; within the window a redelivery is still a duplicate.
    expect((await send(recent)).duplicate).toBe(true);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from public.messages m
      join public.conversations c on c.id = m.conversation_id where c.inbox_id = ${inboxId} and m.role = 'user'`.execute(
      db,
    );
    expect(rows[0]?.n).toBe(2);
  });
});
