import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveInbound } from "@/lib/channels/inbound";
import type { Database } from "@/lib/db/client";
import { queuedJobs, seedChannelInbox, seedOfflineAgent } from "@/test/channels/channel-kit";
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
let agentId: string;

beforeAll(async () => {
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  db = openDb();
  ws = await seedWorkspace(db, "inbound");
  agentId = (await seedOfflineAgent(ws)).id;
});
afterAll(async () => {
  await db.destroy();
});

const msg = (inboxId: string, ref: string, over: Partial<Parameters<typeof receiveInbound>[0]> = {}) => ({
  inboxId,
  workspaceId: ws.id,
  externalMessageId: `m-${uniq()}`,
  externalConversationRef: ref,
  contact: { ref: "+5491100000000", name: "Ana" },
  text: "Do you have red shoes?",
  ...over,
});

describe("receiveInbound", () => {
  it("stores the message in the inbox's conversation and queues one reply job", async () => {
    const { inboxId } = await seedChannelInbox(db, ws, { agentId });
    const ref = `conv-${uniq()}`;
    const first = await receiveInbound(msg(inboxId, ref), db);
    expect(first).toMatchObject({ duplicate: false, queuedReply: true, handoff: false });
    const second = await receiveInbound(msg(inboxId, ref, { text: "Size 38" }), db);
    expect(second.conversationId).toBe(first.conversationId);

    const conv = await db
      .selectFrom("conversations")
      .selectAll()
      .where("id", "=", first.conversationId)
      .executeTakeFirstOrThrow();
    expect(conv).toMatchObject({
      inbox_id: inboxId,
      agent_id: agentId,
      external_ref: ref,
      contact_ref: "+5491100000000",
      contact_name: "Ana",
      // Titled after the first message's words when it starts (not renamed by later ones, and no model
      // is asked to title a customer's conversation).
      title: "Do you have red shoes?",
      handled_by: "bot",
      unread_count: 2,
      message_count: 2,
    });
    expect(conv.last_inbound_at).toBeInstanceOf(Date);
    const rows = await conversationMessages(db, first.conversationId);
    expect(rows.map((r) => [r.role, r.created_by, r.parts])).toEqual([
      ["user", null, [{ type: "text", text: "Do you have red shoes?" }]],
      ["user", null, [{ type: "text", text: "Size 38" }]],
    ]);
    const jobs = await queuedJobs(db, "channel_reply", "conversationId", first.conversationId);
    expect(jobs.map((j) => j.payload.messageId)).toEqual([first.messageId, second.messageId]);
    expect(jobs[0]).toMatchObject({
      key: `channel_reply:${first.messageId}`,
      queue_name: `channel:${first.conversationId}`,
      payload: { workspaceId: ws.id, conversationId: first.conversationId },
    });
  });

  it("answers a repeated vendor message id as a duplicate and stores nothing more", async () => {
    const { inboxId } = await seedChannelInbox(db, ws, { agentId });
    const m = msg(inboxId, `conv-${uniq()}`);
    const first = await receiveInbound(m, db);
    const again = await Promise.all([receiveInbound(m, db), receiveInbound(m, db)]);
    for (const r of again)
      expect(r).toEqual({
        duplicate: true,
        conversationId: first.conversationId,
        messageId: first.messageId,
        queuedReply: false,
        handoff: false,
      });
    expect(await conversationMessages(db, first.conversationId)).toHaveLength(1);
    expect(await queuedJobs(db, "channel_reply", "conversationId", first.conversationId)).toHaveLength(1);
  });

  it("the same vendor id in another inbox is another message", async () => {
    const a = await seedChannelInbox(db, ws, { agentId });
    const b = await seedChannelInbox(db, ws, { agentId });
    const m = msg(a.inboxId, "same-ref");
    const ra = await receiveInbound(m, db);
    const rb = await receiveInbound({ ...m, inboxId: b.inboxId }, db);
    expect(rb.duplicate).toBe(false);
    expect(rb.conversationId).not.toBe(ra.conversationId);
  });

  it("queues no reply without an agent, with the bot off, or when people handle the conversation", async () => {
    const none = await seedChannelInbox(db, ws, { agentId: null });
    expect((await receiveInbound(msg(none.inboxId, `c-${uniq()}`), db)).queuedReply).toBe(false);
    const off = await seedChannelInbox(db, ws, { agentId, botEnabled: false });
    expect((await receiveInbound(msg(off.inboxId, `c-${uniq()}`), db)).queuedReply).toBe(false);
    const on = await seedChannelInbox(db, ws, { agentId });
    const ref = `c-${uniq()}`;
    const r = await receiveInbound(msg(on.inboxId, ref), db);
    await db
      .updateTable("conversations")
      .set({ handled_by: "human" })
      .where("id", "=", r.conversationId)
      .execute();
    const later = await receiveInbound(msg(on.inboxId, ref), db);
    expect(later).toMatchObject({ queuedReply: false, handoff: false, duplicate: false });
    expect(await queuedJobs(db, "channel_reply", "conversationId", r.conversationId)).toHaveLength(1);
  });

  it("hands the conversation to people when the customer asks for one, instead of a reply", async () => {
    const { inboxId } = await seedChannelInbox(db, ws, { agentId });
    const r = await receiveInbound(
      msg(inboxId, `c-${uniq()}`, { text: "Quiero hablar con un asesor, por favor" }),
      db,
    );
    expect(r).toMatchObject({ handoff: true, queuedReply: false });
    const conv = await db
      .selectFrom("conversations")
      .select(["handled_by", "handoff_reason", "handoff_at"])
      .where("id", "=", r.conversationId)
      .executeTakeFirstOrThrow();
    expect(conv.handled_by).toBe("human");
    expect(conv.handoff_reason).toMatch(/asked for a person/);
    expect(conv.handoff_at).toBeInstanceOf(Date);
    expect(await queuedJobs(db, "channel_reply", "conversationId", r.conversationId)).toHaveLength(0);
  });

  it("refuses missing ids and an inbox of another workspace, storing nothing", async () => {
    const { inboxId } = await seedChannelInbox(db, ws, { agentId });
    const other = await seedWorkspace(db, "inbound-other");
    await expect(receiveInbound(msg(inboxId, "x", { externalMessageId: " " }), db)).rejects.toMatchObject({
      code: "bad_request",
    });
    await expect(receiveInbound(msg(inboxId, ""), db)).rejects.toMatchObject({ code: "bad_request" });
    await expect(receiveInbound({ ...msg(inboxId, "x"), workspaceId: other.id }, db)).rejects.toMatchObject({
      code: "not_found",
    });
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from public.channel_inbound_events where inbox_id = ${inboxId}`.execute(db);
    expect(rows[0]?.n).toBe(0);
  });
});
