import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueDelivery } from "@/lib/channels/deliver";
import { receiveInbound } from "@/lib/channels/inbound";
import type { Database } from "@/lib/db/client";
import { queuedJobs, seedChannelInbox } from "@/test/channels/channel-kit";
import { asUser, openDb, type SeedWorkspace, seedWorkspace, uniq } from "@/test/db/workspace-kit";
import { ensureQueueSchema } from "@/test/flows/triggers-kit";

let db: Database;
let ws: SeedWorkspace;

beforeAll(async () => {
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  db = openDb();
  ws = await seedWorkspace(db, "deliver");
});
afterAll(async () => {
  await db.destroy();
});

async function conversationIn(channel: "chatwoot" | "whatsapp") {
  const { inboxId } = await seedChannelInbox(db, ws, { channel });
  const r = await receiveInbound(
    {
      inboxId,
      workspaceId: ws.id,
      externalMessageId: `m-${uniq()}`,
      externalConversationRef: `c-${uniq()}`,
      contact: {},
      text: "hi",
    },
    db,
  );
  return { inboxId, conversationId: r.conversationId };
}

const deliveries = (conversationId: string) =>
  db.selectFrom("channel_deliveries").selectAll().where("conversation_id", "=", conversationId).execute();

describe("enqueueDelivery", () => {
  it("stores a pending delivery and queues its job", async () => {
    const { inboxId, conversationId } = await conversationIn("whatsapp");
    const id = await enqueueDelivery(db, {
      workspaceId: ws.id,
      inboxId,
      conversationId,
      kind: "message",
      payload: { text: "Hello" },
    });
    const [d] = await deliveries(conversationId);
    expect(d).toMatchObject({
      id,
      kind: "message",
      status: "pending",
      attempts: 0,
      payload: { text: "Hello" },
    });
    const jobs = await queuedJobs(db, "channel_deliver", "deliveryId", id);
    expect(jobs.map((j) => j.key)).toEqual([`channel_deliver:${id}`]);
  });
});

describe("tags → labels", () => {
  it("a Chatwoot conversation's tag change queues one labels delivery with the whole set", async () => {
    const { conversationId } = await conversationIn("chatwoot");
    // As a member, through RLS, like the Inbox and the agent's tag tool.
    for (const tags of [["lead"], ["lead", "vip"]])
      await asUser(db, ws.users.member, (tx) =>
        tx.updateTable("conversations").set({ tags }).where("id", "=", conversationId).execute(),
      );
    const ds = await deliveries(conversationId);
    expect(ds.map((d) => [d.kind, d.status, d.payload])).toEqual([
      ["labels", "pending", { tags: ["lead", "vip"] }],
    ]);
    expect(await queuedJobs(db, "channel_deliver", "deliveryId", ds[0]?.id as string)).toHaveLength(1);
  });

  it("other channels' tags stay in Switchboard", async () => {
    const { conversationId } = await conversationIn("whatsapp");
    await db
      .updateTable("conversations")
      .set({ tags: ["lead"] })
      .where("id", "=", conversationId)
      .execute();
    expect(await deliveries(conversationId)).toEqual([]);
  });
});
