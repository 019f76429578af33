import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelDeliverTask } from "@/lib/channels/deliver-job";
import { channelReplyTask } from "@/lib/channels/reply-job";
import { closeDb, getDb } from "@/lib/db/client";
import { seedOfflineAgent } from "@/test/channels/channel-kit";
import {
  seedWhatsAppInbox,
  settleChannelJobs,
  startWhatsAppServer,
  type WhatsAppInbox,
  type WhatsAppServer,
} from "@/test/channels/whatsapp-kit";
import { conversationMessages, openDb, type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import {
  GRAPH_ERRORS,
  startWhatsAppGraphFake,
  type WhatsAppGraphFake,
} from "@/test/fakes/whatsapp-graph-fake";
import {
  buttonReplyMessage,
  imageMessage,
  messagesWebhook,
  status,
  statusesWebhook,
  textMessage,
  wamid,
} from "@/test/fakes/whatsapp-graph-fake-webhooks";
import { ensureQueueSchema } from "@/test/flows/triggers-kit";

// From Meta's webhook to the reply on the Graph API: the webhook over real
// HTTP, the worker's channel tasks, the offline model, the Graph fake.

const db = getDb();
let ws: SeedWorkspace;
let graph: WhatsAppGraphFake;
let server: WhatsAppServer;
let inbox: WhatsAppInbox;
let tasks: Parameters<typeof settleChannelJobs>[2];

beforeAll(async () => {
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  ws = await seedWorkspace(openDb(), "wa-reply");
  const agentId = (await seedOfflineAgent(ws)).id;
  graph = await startWhatsAppGraphFake();
  server = await startWhatsAppServer();
  inbox = await seedWhatsAppInbox(db, {
    workspaceId: ws.id,
    actorId: ws.users.admin.id,
    agentId,
    graphBaseUrl: graph.baseUrl,
    accessToken: graph.accessToken,
  });
  tasks = {
    channel_reply: channelReplyTask(db) as never,
    channel_deliver: channelDeliverTask(db, { maxAttempts: 3, baseMs: 0, capMs: 0 }) as never,
  };
});
afterAll(async () => {
  delete process.env.SSRF_ALLOWLIST;
  await server?.stop();
  await graph?.stop();
  await closeDb();
});

const customer = () => `549${Math.floor(1e9 + Math.random() * 9e9)}`;

async function inbound(waId: string, ...messages: Record<string, unknown>[]) {
  const res = await server.post(
    inbox,
    messagesWebhook({ phoneNumberId: inbox.phoneNumberId, contact: { waId, name: "Lucía" }, messages }),
  );
  expect(res.status).toBe(200);
  const conv = await db
    .selectFrom("conversations")
    .select("id")
    .where("inbox_id", "=", inbox.inboxId)
    .where("external_ref", "=", waId)
    .executeTakeFirstOrThrow();
  return conv.id;
}

const textOf = (parts: unknown) => ((parts ?? []) as { text?: string }[]).map((p) => p.text ?? "").join("");
const sentTo = (waId: string) => graph.sent.filter((c) => c.body?.to === waId);
const deliveriesOf = (conversationId: string) =>
  db
    .selectFrom("channel_deliveries")
    .selectAll()
    .where("conversation_id", "=", conversationId)
    .orderBy("created_at")
    .execute();

/** Until every delivery of the conversation is sent or failed (the reply job, then the delivery job, ran). */
async function settle(conversationId: string, deliveries = 1) {
  await settleChannelJobs(db, conversationId, tasks, async () => {
    const ds = await deliveriesOf(conversationId);
    return ds.length >= deliveries && ds.every((d) => d.status !== "pending");
  });
}

describe("a customer's message, answered on WhatsApp", () => {
  it("runs the agent (offline model) and sends its reply through the Graph API", async () => {
    const waId = customer();
    const conversationId = await inbound(waId, textMessage({ from: waId, body: "Do you ship to Córdoba?" }));
    await settle(conversationId);

    const calls = sentTo(waId);
    expect(calls).toHaveLength(1);
    const call = calls[0];
    expect(call?.headers.authorization).toBe(`Bearer ${graph.accessToken}`);
    expect(call?.path).toBe(`/v21.0/${inbox.phoneNumberId}/messages`);
    const rows = await conversationMessages(db, conversationId);
    const reply = rows.find((r) => r.role === "assistant");
    const replyText = textOf(reply?.parts);
    expect(replyText.length).toBeGreaterThan(0);
    expect(call?.body).toMatchObject({ to: waId, type: "text", text: { body: replyText } });
    const [delivery] = await deliveriesOf(conversationId);
    expect(delivery).toMatchObject({ status: "sent", external_id: call?.messageId, message_id: reply?.id });

    // Meta then reports the message read.
    await server.post(
      inbox,
      statusesWebhook({
        phoneNumberId: inbox.phoneNumberId,
        statuses: [status({ id: call?.messageId as string, status: "read", recipientId: waId })],
      }),
    );
    expect((await deliveriesOf(conversationId))[0]?.delivery_status).toBe("read");
  });

  it("answers a button reply like a text", async () => {
    const waId = customer();
    const conversationId = await inbound(
      waId,
      buttonReplyMessage({ from: waId, replyId: "track", title: "Track my order", contextId: wamid() }),
    );
    await settle(conversationId);
    expect(sentTo(waId)).toHaveLength(1);
    const rows = await conversationMessages(db, conversationId);
    expect(textOf(rows[0]?.parts)).toBe("Track my order");
  });

  it("sends the fixed reply to an image, without a model turn, in the customer's language", async () => {
    // An Argentine number that has not written yet: Spanish, from the number's country.
    const waId = customer();
    const conversationId = await inbound(waId, imageMessage({ from: waId }));
    await settle(conversationId);
    const calls = sentTo(waId);
    expect(calls).toHaveLength(1);
    expect(String((calls[0]?.body?.text as { body?: string } | undefined)?.body)).toMatch(
      /solo puedo leer mensajes de texto.*no pude abrir una imagen/,
    );
    const rows = await conversationMessages(db, conversationId);
    expect(rows.map((r) => [r.role, r.model, r.input_tokens])).toEqual([
      ["user", null, 0],
      ["assistant", null, 0],
    ]);

    // A US number: English.
    const us = `1555${Math.floor(1e6 + Math.random() * 9e6)}`;
    await settle(await inbound(us, imageMessage({ from: us })));
    expect(String((sentTo(us)[0]?.body?.text as { body?: string } | undefined)?.body)).toMatch(
      /I can only read text messages.*could not open an image/,
    );

    // The customer's own words win over the number: Portuguese after a Portuguese message.
    const pt = customer();
    const ptConversation = await inbound(
      pt,
      textMessage({ from: pt, body: "Olá, vocês têm erva-mate? Quero uma" }),
    );
    await settle(ptConversation);
    await inbound(pt, imageMessage({ from: pt }));
    await settle(ptConversation, 2);
    expect(String((sentTo(pt)[1]?.body?.text as { body?: string } | undefined)?.body)).toMatch(
      /só consigo ler mensagens de texto.*não consegui abrir uma imagem/,
    );
  });

  it("a text and an image in one batch: the image gets the notice and the text still gets the model's answer", async () => {
    const waId = customer();
    const conversationId = await inbound(
      waId,
      textMessage({ from: waId, body: "Do you sell yerba mate?" }),
      imageMessage({ from: waId }),
    );
    await settle(conversationId, 2);
    const rows = await conversationMessages(db, conversationId);
    expect(rows.map((r) => [r.role, r.model === null])).toEqual([
      ["user", true],
      ["user", true],
      ["assistant", true],
      ["assistant", false],
    ]);
    const [notice, answer] = [rows[2], rows[3]];
    expect(textOf(notice?.parts)).toMatch(/I can only read text messages/);
    expect(textOf(answer?.parts).length).toBeGreaterThan(0);
    expect(answer?.status).toBe("complete");
    // Both went out, each once.
    const bodies = sentTo(waId).map((c) => (c.body?.text as { body?: string } | undefined)?.body);
    expect(bodies.sort()).toEqual([textOf(notice?.parts), textOf(answer?.parts)].sort());
    const ds = await deliveriesOf(conversationId);
    expect(ds.map((d) => [d.message_id, d.status]).sort()).toEqual(
      [
        [notice?.id, "sent"],
        [answer?.id, "sent"],
      ].sort(),
    );
  });

  it("answers a message Meta delivers twice only once", async () => {
    const waId = customer();
    const message = textMessage({ from: waId, body: "hola" });
    const conversationId = await inbound(waId, message);
    await inbound(waId, message);
    await settle(conversationId);
    await inbound(waId, message);
    await settle(conversationId);
    expect(sentTo(waId)).toHaveLength(1);
    expect(await deliveriesOf(conversationId)).toHaveLength(1);
    expect((await conversationMessages(db, conversationId)).map((r) => r.role)).toEqual([
      "user",
      "assistant",
    ]);
  });

  it("a message Meta redelivers after the 24-hour window: no model turn, people take it with the reason", async () => {
    const waId = customer();
    const at = new Date(Date.now() - 25 * 3_600_000);
    const conversationId = await inbound(waId, textMessage({ from: waId, body: "¿Siguen abiertos?", at }));
    await settleChannelJobs(db, conversationId, tasks, async () => {
      const c = await db
        .selectFrom("conversations")
        .select("handled_by")
        .where("id", "=", conversationId)
        .executeTakeFirstOrThrow();
      return c.handled_by === "human";
    });
    // Nothing sent (Meta would refuse free text), no answer written that could not go out.
    expect(sentTo(waId)).toHaveLength(0);
    expect(await deliveriesOf(conversationId)).toHaveLength(0);
    expect((await conversationMessages(db, conversationId)).map((r) => r.role)).toEqual(["user"]);
    const conv = await db
      .selectFrom("conversations")
      .select(["handled_by", "handoff_reason"])
      .where("id", "=", conversationId)
      .executeTakeFirstOrThrow();
    expect(conv.handoff_reason).toMatch(/The bot did not answer: .*more than 24 hours ago.*template/);
  });

  it("retries a send Graph answers with a rate limit, then delivers once", async () => {
    const waId = customer();
    const conversationId = await inbound(waId, textMessage({ from: waId, body: "price?" }));
    graph.failNextTo(waId, GRAPH_ERRORS.rateLimited);
    await settle(conversationId);
    expect(graph.calls.filter((c) => c.body?.to === waId).map((c) => c.status)).toEqual([400, 200]);
    expect(sentTo(waId)).toHaveLength(1);
    expect((await deliveriesOf(conversationId))[0]).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("fails a send Graph refuses for good (a revoked token) at once, with the error for the Inbox", async () => {
    const waId = customer();
    const conversationId = await inbound(waId, textMessage({ from: waId, body: "hello?" }));
    graph.failNextTo(waId, GRAPH_ERRORS.badToken);
    await settle(conversationId);
    expect(graph.calls.filter((c) => c.body?.to === waId)).toHaveLength(1);
    const [d] = await deliveriesOf(conversationId);
    expect(d).toMatchObject({ status: "failed", attempts: 1 });
    expect(d?.last_error).toMatchObject({ code: "whatsapp_auth", message: expect.stringMatching(/\(190\)/) });
  });
});
