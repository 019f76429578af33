import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handBack, requestHandoff, sendHumanReply } from "@/lib/channels/handoff";
import { receiveInbound } from "@/lib/channels/inbound";
import type { Database } from "@/lib/db/client";
import { handoffToHuman } from "@/lib/tools/handoff-to-human";
import { queuedJobs, seedChannelInbox } from "@/test/channels/channel-kit";
import { installFakeAdapter } from "@/test/channels/fake-adapter";
import {
  conversationMessages,
  openDb,
  type SeedWorkspace,
  seedWorkspace,
  uniq,
} from "@/test/db/workspace-kit";
import { ensureQueueSchema } from "@/test/flows/triggers-kit";

let db: Database;
let ws: SeedWorkspace;
let restore: Array<() => void> = [];

beforeAll(async () => {
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  db = openDb();
  ws = await seedWorkspace(db, "handoff");
  restore = [
    installFakeAdapter("chatwoot"),
    installFakeAdapter("whatsapp", {
      canSendFreeForm: (to) =>
        to.lastInboundAt && Date.now() - to.lastInboundAt.getTime() < 86_400_000
          ? { ok: true }
          : {
              ok: false,
              code: "window_closed",
              message: "Outside the 24-hour window: only a template can be sent.",
            },
    }),
  ];
});
afterAll(async () => {
  for (const r of restore) r();
  await db.destroy();
});

async function conversation(channel: "chatwoot" | "whatsapp", receivedAt?: Date) {
  const { inboxId } = await seedChannelInbox(db, ws, { channel });
  const r = await receiveInbound(
    {
      inboxId,
      workspaceId: ws.id,
      externalMessageId: `m-${uniq()}`,
      externalConversationRef: `c-${uniq()}`,
      contact: {},
      text: "hi",
      receivedAt,
    },
    db,
  );
  return r.conversationId;
}

const conv = (id: string) =>
  db
    .selectFrom("conversations")
    .select(["handled_by", "assignee_id", "handoff_reason", "unread_count"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
const deliveries = (id: string) =>
  db
    .selectFrom("channel_deliveries")
    .selectAll()
    .where("conversation_id", "=", id)
    // Rows of one transaction share created_at (now()): the kind breaks the tie, or the order is the heap's.
    .orderBy("created_at")
    .orderBy("kind")
    .execute();
const member = () => ({ claims: ws.users.member.claims, workspaceId: ws.id });

describe("handoff", () => {
  it("the agent's tool hands a channel conversation to people once, and tells the vendor", async () => {
    const id = await conversation("chatwoot");
    const out = await handoffToHuman({ ...member(), conversationId: id }, { reason: "Wants a refund" });
    expect(out).toMatchObject({ handedOff: true });
    expect(await conv(id)).toMatchObject({
      handled_by: "human",
      handoff_reason: "Wants a refund",
      assignee_id: null,
    });
    const ds = await deliveries(id);
    expect(ds.map((d) => [d.kind, d.payload])).toEqual([
      ["handoff", { reason: "Wants a refund", by: "agent" }],
    ]);
    expect(await queuedJobs(db, "channel_deliver", "deliveryId", ds[0]?.id as string)).toHaveLength(1);
    await requestHandoff(db, { workspaceId: ws.id, conversationId: id, reason: "again", by: "rule" });
    expect(await deliveries(id)).toHaveLength(1);
  });

  it("the tool refuses the in-app chat and another workspace's conversation", async () => {
    const web = await db
      .selectFrom("inboxes")
      .select("id")
      .where("workspace_id", "=", ws.id)
      .where("channel", "=", "web")
      .executeTakeFirstOrThrow();
    const webConv = await db
      .insertInto("conversations")
      .values({ workspace_id: ws.id, inbox_id: web.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect(await handoffToHuman({ ...member(), conversationId: webConv.id }, { reason: "x" })).toMatchObject({
      error: expect.stringMatching(/in-app chat/),
    });
    const id = await conversation("chatwoot");
    const other = await seedWorkspace(db, "handoff-other");
    const outsider = { claims: other.users.owner.claims, workspaceId: ws.id, conversationId: id };
    expect(await handoffToHuman(outsider, { reason: "x" })).toMatchObject({ error: expect.any(String) });
    expect((await conv(id)).handled_by).toBe("bot");
  });

  it("a handoff made on the vendor's side is not sent back to it", async () => {
    const id = await conversation("chatwoot");
    await requestHandoff(db, {
      workspaceId: ws.id,
      conversationId: id,
      reason: "Assigned in Chatwoot",
      by: "vendor",
    });
    expect(await conv(id)).toMatchObject({ handled_by: "human", handoff_reason: "Assigned in Chatwoot" });
    expect(await deliveries(id)).toEqual([]);
  });

  it("hand back gives the conversation to the bot again", async () => {
    const id = await conversation("chatwoot");
    await requestHandoff(db, {
      workspaceId: ws.id,
      conversationId: id,
      reason: "take",
      by: "member",
      userId: ws.users.member.id,
    });
    expect(await conv(id)).toMatchObject({ handled_by: "human", assignee_id: ws.users.member.id });
    await handBack(db, { workspaceId: ws.id, conversationId: id, userId: ws.users.member.id });
    expect(await conv(id)).toMatchObject({ handled_by: "bot", assignee_id: null, handoff_reason: null });
    const other = await seedWorkspace(db, "handback-other");
    await expect(
      handBack(db, { workspaceId: other.id, conversationId: id, userId: other.users.owner.id }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("sendHumanReply", () => {
  it("stores the member's reply as the assistant side in their name, takes over and queues it", async () => {
    const id = await conversation("chatwoot");
    const msg = await sendHumanReply(member(), { conversationId: id, text: "  Hi, Laura here.  " });
    expect(msg).toMatchObject({
      role: "assistant",
      status: "complete",
      parts: [{ type: "text", text: "Hi, Laura here." }],
    });
    const rows = await conversationMessages(db, id);
    expect(rows[1]).toMatchObject({ id: msg.id, created_by: ws.users.member.id });
    expect(await conv(id)).toMatchObject({
      handled_by: "human",
      assignee_id: ws.users.member.id,
      unread_count: 0,
    });
    const ds = await deliveries(id);
    expect(ds.map((d) => [d.kind, d.message_id])).toEqual([
      ["handoff", null],
      ["message", msg.id],
    ]);
  });

  it("refuses viewers, empty text, another workspace, and the closed WhatsApp window (with the reason)", async () => {
    const id = await conversation("chatwoot");
    await expect(
      sendHumanReply(
        { claims: ws.users.viewer.claims, workspaceId: ws.id },
        { conversationId: id, text: "x" },
      ),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(sendHumanReply(member(), { conversationId: id, text: "   " })).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(
      sendHumanReply(member(), { conversationId: id, text: "x".repeat(4001) }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    const other = await seedWorkspace(db, "reply-other");
    await expect(
      sendHumanReply(
        { claims: other.users.owner.claims, workspaceId: ws.id },
        { conversationId: id, text: "x" },
      ),
    ).rejects.toMatchObject({ code: "not_found" });
    const late = await conversation("whatsapp", new Date(Date.now() - 25 * 3_600_000));
    // Unread before; a refused reply was not read-and-answered, so it stays unread.
    await db.updateTable("conversations").set({ unread_count: 3 }).where("id", "=", late).execute();
    await expect(
      sendHumanReply(member(), { conversationId: late, text: "Still there?" }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/24-hour/),
      details: { reason: "window_closed" },
    });
    expect(await conversationMessages(db, late)).toHaveLength(1);
    expect((await conv(late)).unread_count).toBe(3);
    expect(await conversationMessages(db, id)).toHaveLength(1);
  });
});
