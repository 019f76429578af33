import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { createInbox, rotateInboxToken } from "@/lib/inboxes/inboxes";
import { queuedJobs, seedOfflineAgent } from "@/test/channels/channel-kit";
import {
  seedWhatsAppInbox,
  startWhatsAppServer,
  type WhatsAppInbox,
  type WhatsAppServer,
} from "@/test/channels/whatsapp-kit";
import { conversationMessages, openDb, type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import { startWhatsAppGraphFake, type WhatsAppGraphFake } from "@/test/fakes/whatsapp-graph-fake";
import {
  audioMessage,
  buttonReplyMessage,
  documentMessage,
  imageMessage,
  listReplyMessage,
  messagesWebhook,
  REENGAGEMENT_ERROR,
  status,
  statusesWebhook,
  textMessage,
  wamid,
} from "@/test/fakes/whatsapp-graph-fake-webhooks";
import { ensureQueueSchema } from "@/test/flows/triggers-kit";
import { MEDIA_REPLY } from "./media-inbound";

// The WhatsApp webhook over real HTTP (the production app server), on the
// test database, with bodies shaped like Meta's.

const db = getDb();
let ws: SeedWorkspace;
let agentId: string;
let graph: WhatsAppGraphFake;
let server: WhatsAppServer;
let inbox: WhatsAppInbox;

beforeAll(async () => {
  // The Graph fake listens on 127.0.0.1, which an inbox's settings may not name otherwise.
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  ws = await seedWorkspace(openDb(), "whatsapp");
  agentId = (await seedOfflineAgent(ws)).id;
  graph = await startWhatsAppGraphFake();
  server = await startWhatsAppServer();
  inbox = await seedWhatsAppInbox(db, {
    workspaceId: ws.id,
    actorId: ws.users.admin.id,
    agentId,
    graphBaseUrl: graph.baseUrl,
    accessToken: graph.accessToken,
  });
});
afterAll(async () => {
  delete process.env.SSRF_ALLOWLIST;
  await server?.stop();
  await graph?.stop();
  await closeDb();
});

const customer = () => `549${Math.floor(1e9 + Math.random() * 9e9)}`;

async function conversationOf(waId: string, inboxId = inbox.inboxId) {
  return db
    .selectFrom("conversations")
    .selectAll()
    .where("inbox_id", "=", inboxId)
    .where("external_ref", "=", waId)
    .executeTakeFirst();
}

async function texts(conversationId: string) {
  const rows = await conversationMessages(db, conversationId);
  return rows.map((r) => [r.role, (r.parts as { text: string }[])[0]?.text]);
}

// Other test files run the real worker on this same database: a job queued
// here may be taken by it. What is checked is what no worker can undo.
const customerTexts = async (conversationId: string) =>
  (await texts(conversationId)).filter(([role]) => role === "user");

/** The bot's reply is queued (or, when another file's worker took the job, being written or written). */
async function replyQueuedOrTaken(conversationId: string): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if ((await queuedJobs(db, "channel_reply", "conversationId", conversationId)).length === 1) return true;
    if ((await conversationMessages(db, conversationId)).some((m) => m.role === "assistant")) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error;

describe("GET: Meta's subscription check", () => {
  const verify = (token: string, q: Record<string, string>) =>
    fetch(`${server.base}/api/channels/whatsapp/${token}?${new URLSearchParams(q)}`);

  it("echoes the challenge for the inbox's verify token", async () => {
    const res = await verify(inbox.token, {
      "hub.mode": "subscribe",
      "hub.verify_token": inbox.verifyToken,
      "hub.challenge": "1158201444",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe("1158201444");
  });

  it("answers a wrong verify token 403 and an unknown inbox token 404", async () => {
    const q = { "hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1" };
    const wrong = await verify(inbox.token, q);
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain("1\n");
    const unknown = await verify("x".repeat(43), { ...q, "hub.verify_token": inbox.verifyToken });
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).code).toBe("not_found");
  });
});

describe("an inbox made with the inbox API", () => {
  it("takes Meta's check and webhooks at the URL it answered; a rotated token retires the old URL", async () => {
    const scope = { claims: ws.users.admin.claims, workspaceId: ws.id };
    const secrets = {
      access_token: graph.accessToken,
      app_secret: "meta-app-secret-1",
      verify_token: "my-verify-token",
    };
    const created = await createInbox(scope, {
      channel: "whatsapp",
      name: "WhatsApp ventas",
      agentId,
      settings: { phoneNumberId: "106540352242922", graphBaseUrl: graph.baseUrl, templates: [] },
      secrets,
    });
    const url = new URL(created.webhook?.url as string);
    expect(url.pathname).toBe(`/api/channels/whatsapp/${created.webhook?.token}`);
    const check = await fetch(
      `${server.base}${url.pathname}?hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=42`,
    );
    expect(await check.text()).toBe("42");
    const made = { token: created.webhook?.token as string, appSecret: secrets.app_secret };
    const waId = customer();
    const body = messagesWebhook({
      phoneNumberId: "106540352242922",
      contact: { waId },
      messages: [textMessage({ from: waId, body: "hola" })],
    });
    expect(await (await server.post(made, body)).json()).toMatchObject({ received: 1 });

    const rotated = await rotateInboxToken(scope, created.inbox.id);
    expect((await server.post(made, body)).status).toBe(404);
    const res = await server.post(
      { token: rotated.webhook?.token as string, appSecret: secrets.app_secret },
      body,
    );
    expect(await res.json()).toMatchObject({ duplicates: 1 });
  });
});

describe("POST: incoming messages", () => {
  it("stores a text message in the customer's conversation and queues the bot's reply", async () => {
    const waId = customer();
    const id = wamid();
    const res = await server.post(
      inbox,
      messagesWebhook({
        phoneNumberId: inbox.phoneNumberId,
        contact: { waId, name: "Lucía" },
        messages: [textMessage({ from: waId, id, body: "¿Tienen zapatillas rojas?" })],
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, duplicates: 0, statuses: 0, ignored: 0 });
    const conv = await conversationOf(waId);
    expect(conv).toMatchObject({
      contact_ref: waId,
      contact_name: "Lucía",
      agent_id: agentId,
      unread_count: 1,
    });
    expect(conv?.last_inbound_at).toBeInstanceOf(Date);
    expect(await customerTexts(conv?.id as string)).toEqual([["user", "¿Tienen zapatillas rojas?"]]);
    expect(await replyQueuedOrTaken(conv?.id as string)).toBe(true);
  });

  it("takes button and list replies as the text the customer tapped", async () => {
    const waId = customer();
    const res = await server.post(
      inbox,
      messagesWebhook({
        phoneNumberId: inbox.phoneNumberId,
        contact: { waId },
        messages: [
          buttonReplyMessage({ from: waId, replyId: "confirm", title: "Confirm order", contextId: wamid() }),
          listReplyMessage({ from: waId, replyId: "size-40", title: "Size 40", description: "EU sizes" }),
        ],
      }),
    );
    expect(await res.json()).toMatchObject({ received: 2 });
    const conv = await conversationOf(waId);
    expect(await customerTexts(conv?.id as string)).toEqual([
      ["user", "Confirm order"],
      ["user", "Size 40 — EU sizes"],
    ]);
  });

  it("takes a duplicate delivery once: the same wamid twice stores one message", async () => {
    const waId = customer();
    const body = messagesWebhook({
      phoneNumberId: inbox.phoneNumberId,
      contact: { waId },
      messages: [textMessage({ from: waId, body: "hola" })],
    });
    const first = await server.post(inbox, body);
    const again = await server.post(inbox, body);
    expect(await first.json()).toMatchObject({ received: 1, duplicates: 0 });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ received: 0, duplicates: 1 });
    const conv = await conversationOf(waId);
    expect(await customerTexts(conv?.id as string)).toEqual([["user", "hola"]]);
    expect(conv?.unread_count).toBe(1);
  });

  it("answers image, audio and document messages with a clear reply and no model call", async () => {
    const waId = customer();
    const res = await server.post(
      inbox,
      messagesWebhook({
        phoneNumberId: inbox.phoneNumberId,
        contact: { waId },
        messages: [
          imageMessage({ from: waId, caption: "this pair" }),
          audioMessage({ from: waId }),
          documentMessage({ from: waId, filename: "receipt.pdf" }),
        ],
      }),
    );
    expect(await res.json()).toMatchObject({ received: 3 });
    const conv = await conversationOf(waId);
    const rows = await texts(conv?.id as string);
    expect(rows.filter(([role]) => role === "user")).toEqual([
      ["user", "[image] this pair"],
      ["user", "[audio]"],
      ["user", "[document] receipt.pdf"],
    ]);
    const replies = rows.filter(([role]) => role === "assistant").map(([, text]) => text);
    expect(replies).toHaveLength(3);
    expect(replies[0]).toMatch(/only read text messages.*could not open an image/);
    expect(replies[1]).toMatch(/could not open an audio message/);
    expect(MEDIA_REPLY).toMatch(/write your question as a text message/);
    // No model call: no reply job, no model on the replies, only deliveries of the fixed text.
    expect(await queuedJobs(db, "channel_reply", "conversationId", conv?.id as string)).toEqual([]);
    const rowsNow = await conversationMessages(db, conv?.id as string);
    expect(rowsNow.filter((r) => r.role === "assistant").map((r) => [r.model, r.input_tokens])).toEqual([
      [null, 0],
      [null, 0],
      [null, 0],
    ]);
    const deliveries = await db
      .selectFrom("channel_deliveries")
      .select(["kind", "payload"])
      .where("conversation_id", "=", conv?.id as string)
      .orderBy("created_at")
      .execute();
    expect(deliveries.map((d) => [d.kind, (d.payload as { text: string }).text])).toEqual(
      replies.map((text) => ["message", text]),
    );
  });

  it("stores media from a customer people handle, without the automatic reply", async () => {
    const waId = customer();
    const post = (m: Record<string, unknown>) =>
      server.post(
        inbox,
        messagesWebhook({ phoneNumberId: inbox.phoneNumberId, contact: { waId }, messages: [m] }),
      );
    await post(textMessage({ from: waId, body: "hi" }));
    const conv = await conversationOf(waId);
    await db
      .updateTable("conversations")
      .set({ handled_by: "human" })
      .where("id", "=", conv?.id as string)
      .execute();
    await post(imageMessage({ from: waId }));
    const rows = await texts(conv?.id as string);
    expect(rows.filter(([role]) => role === "user")).toEqual([
      ["user", "hi"],
      ["user", "[image]"],
    ]);
    expect(rows.some(([, text]) => String(text).includes("only read text messages"))).toBe(false);
  });
});

describe("POST: statuses of messages we sent", () => {
  async function sentDelivery() {
    const waId = customer();
    await server.post(
      inbox,
      messagesWebhook({
        phoneNumberId: inbox.phoneNumberId,
        contact: { waId },
        messages: [textMessage({ from: waId, body: "hi" })],
      }),
    );
    const conv = await conversationOf(waId);
    // A delivery as the delivery job leaves a sent one (no job queued: nothing else may send it).
    const externalId = wamid();
    const { id } = await db
      .insertInto("channel_deliveries")
      .values({
        workspace_id: ws.id,
        inbox_id: inbox.inboxId,
        conversation_id: conv?.id as string,
        kind: "message",
        payload: JSON.stringify({ text: "Hello!" }),
        status: "sent",
        attempts: 1,
        external_id: externalId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { id, externalId, waId };
  }
  const delivery = (id: string) =>
    db.selectFrom("channel_deliveries").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  const report = (
    externalId: string,
    waId: string,
    s: "sent" | "delivered" | "read" | "failed",
    errors?: (typeof REENGAGEMENT_ERROR)[],
  ) =>
    server.post(
      inbox,
      statusesWebhook({
        phoneNumberId: inbox.phoneNumberId,
        statuses: [status({ id: externalId, status: s, recipientId: waId, errors })],
      }),
    );

  it("stores sent, delivered and read on the delivery; a late 'delivered' does not undo 'read'", async () => {
    const d = await sentDelivery();
    for (const s of ["sent", "delivered", "read"] as const) {
      const res = await report(d.externalId, d.waId, s);
      expect(await res.json()).toMatchObject({ statuses: 1 });
      expect((await delivery(d.id)).delivery_status).toBe(s);
    }
    await report(d.externalId, d.waId, "delivered");
    expect((await delivery(d.id)).delivery_status).toBe("read");
  });

  it("stores a failure with Meta's error, and fails the delivery so the Inbox offers Retry", async () => {
    const d = await sentDelivery();
    await report(d.externalId, d.waId, "sent");
    await report(d.externalId, d.waId, "failed", [REENGAGEMENT_ERROR]);
    const row = await delivery(d.id);
    expect(row).toMatchObject({ status: "failed", delivery_status: "failed" });
    expect(row.last_error).toEqual({
      code: "131047",
      message: `Re-engagement message: ${REENGAGEMENT_ERROR.details}`,
    });
  });

  it("ignores statuses of messages it did not send (200)", async () => {
    const res = await report(wamid(), customer(), "delivered");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ statuses: 0, ignored: 1 });
  });
});
