import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as composerGet } from "@/app/api/workspaces/[slug]/conversations/[id]/whatsapp/route";
import { POST as templatePost } from "@/app/api/workspaces/[slug]/conversations/[id]/whatsapp/template/route";
import { createAgent } from "@/lib/agents/index";
import { adapterContext, conversationTarget } from "@/lib/channels/adapter-context";
import { isChannelSendError } from "@/lib/channels/adapters";
import { sendHumanReply } from "@/lib/channels/human-reply";
import { receiveInbound } from "@/lib/channels/inbound";
import { startConversation } from "@/lib/conversations/conversations";
import { closeDb, getDb } from "@/lib/db/client";
import {
  seedWhatsAppInbox,
  startWhatsAppServer,
  type WhatsAppInbox,
  type WhatsAppServer,
} from "@/test/channels/whatsapp-kit";
import { uniq } from "@/test/db/workspace-kit";
import {
  GRAPH_ERRORS,
  startWhatsAppGraphFake,
  type WhatsAppGraphFake,
} from "@/test/fakes/whatsapp-graph-fake";
import { status, statusesWebhook } from "@/test/fakes/whatsapp-graph-fake-webhooks";
import { ensureQueueSchema } from "@/test/flows/triggers-kit";
import { call, seedRouteWorkspace, type TestWorkspace } from "@/test/http/web-api-kit";
import { whatsappAdapter } from "./adapter";

// WhatsApp's 24-hour customer service window as the operator meets it: a
// free-form reply outside it is refused with the reason, the composer says
// so and lists the approved templates, and a template send reaches the Graph
// API (the fake) and is stored as the member's message with its delivery.

const db = getDb();
let a: TestWorkspace;
let b: TestWorkspace;
let graph: WhatsAppGraphFake;
let server: WhatsAppServer;
let inbox: WhatsAppInbox;
let agentId: string;
const templates = [
  { name: "order_update", language: "es_AR" },
  { name: "order_update", language: "en_US" },
];
const HOUR = 3_600_000;

beforeAll(async () => {
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  [a, b] = await Promise.all([seedRouteWorkspace("wa-window-a"), seedRouteWorkspace("wa-window-b")]);
  agentId = (await createAgent(a.users.admin.scope(a.id), { name: `Agent ${uniq()}`, instructions: "Help." }))
    .id;
  graph = await startWhatsAppGraphFake();
  server = await startWhatsAppServer();
  inbox = await seedWhatsAppInbox(db, {
    workspaceId: a.id,
    actorId: a.users.admin.id,
    // No bot: these tests are about people replying (and no reply jobs to race with other files' workers).
    agentId: null,
    graphBaseUrl: graph.baseUrl,
    accessToken: graph.accessToken,
    templates,
  });
});
afterAll(async () => {
  delete process.env.SSRF_ALLOWLIST;
  await server?.stop();
  await graph?.stop();
  await closeDb();
});

// Other test files run the real worker on this database and may deliver this
// file's queued replies: calls are counted per customer, never in total.
const callsTo = (waId: string) => graph.calls.filter((call) => call.body?.to === waId);

/** A customer conversation whose last inbound message was `hoursAgo` hours ago. */
async function conversation(hoursAgo: number) {
  const waId = `549${Math.floor(1e9 + Math.random() * 9e9)}`;
  const r = await receiveInbound({
    inboxId: inbox.inboxId,
    workspaceId: a.id,
    externalMessageId: `wamid.${uniq()}`,
    externalConversationRef: waId,
    contact: { ref: waId, name: "Lucía" },
    text: "hola",
    receivedAt: new Date(Date.now() - hoursAgo * HOUR),
  });
  return { id: r.conversationId, waId };
}

const composer = (id: string, user = a.users.viewer, ws = a) =>
  call(composerGet, "GET", `/api/workspaces/${ws.slug}/conversations/${id}/whatsapp`, {
    user,
    params: { slug: ws.slug, id },
  });
const sendTemplate = (id: string, body: unknown, user = a.users.member, ws = a) =>
  call(templatePost, "POST", `/api/workspaces/${ws.slug}/conversations/${id}/whatsapp/template`, {
    user,
    params: { slug: ws.slug, id },
    body,
  });

describe("inside the 24-hour window", () => {
  it("allows a free-form human reply and says until when", async () => {
    const c = await conversation(2);
    const state = await composer(c.id);
    expect(state.status).toBe(200);
    expect(state.json).toMatchObject({ windowOpen: true, reason: null, templates });
    const closes = Date.parse(state.json.windowClosesAt as string);
    expect(closes).toBeGreaterThan(Date.now() + 21 * HOUR);
    expect(closes).toBeLessThan(Date.now() + 23 * HOUR);
    const reply = await sendHumanReply(a.users.member.scope(a.id), {
      conversationId: c.id,
      text: "Sí, en talle 38.",
    });
    expect(reply.role).toBe("assistant");
  });
});

describe("outside the 24-hour window", () => {
  it("refuses a free-form human reply with the reason, and the composer offers the templates", async () => {
    const c = await conversation(25);
    const refused = sendHumanReply(a.users.member.scope(a.id), { conversationId: c.id, text: "Hola?" });
    await expect(refused).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/24 hours.*template/),
    });
    const messages = await db
      .selectFrom("messages")
      .select("role")
      .where("conversation_id", "=", c.id)
      .execute();
    expect(messages.map((m) => m.role)).toEqual(["user"]);
    const state = await composer(c.id);
    expect(state.json).toMatchObject({
      windowOpen: false,
      reason: expect.stringMatching(/more than 24 hours ago/),
      templates,
    });
  });

  it("refuses a late free-form delivery too, as a final (not retried) failure", async () => {
    const c = await conversation(30);
    const row = await db
      .selectFrom("conversations")
      .selectAll()
      .where("id", "=", c.id)
      .executeTakeFirstOrThrow();
    const ctx = adapterContext(db, {
      workspaceId: a.id,
      inboxId: inbox.inboxId,
      settings: { phoneNumberId: inbox.phoneNumberId, graphBaseUrl: graph.baseUrl },
    });
    const err = await whatsappAdapter.sendText(ctx, conversationTarget(row), "late").catch((e: unknown) => e);
    expect(isChannelSendError(err) && err.retryable === false && err.code === "whatsapp_window_closed").toBe(
      true,
    );
    expect(callsTo(c.waId)).toEqual([]);
  });

  it("sends an approved template to the Graph API and stores it as the member's message", async () => {
    const c = await conversation(40);
    const res = await sendTemplate(c.id, {
      name: "order_update",
      language: "es_AR",
      bodyParams: ["#1042", "mañana"],
    });
    expect(res.status).toBe(201);
    const call = callsTo(c.waId).at(-1);
    expect(call?.phoneNumberId).toBe(inbox.phoneNumberId);
    expect(call?.body).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: c.waId,
      type: "template",
      template: {
        name: "order_update",
        language: { code: "es_AR" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "#1042" },
              { type: "text", text: "mañana" },
            ],
          },
        ],
      },
    });
    expect(res.json.externalId).toBe(call?.messageId);
    const message = res.json.message as { role: string; parts: { text: string }[] };
    expect(message.role).toBe("assistant");
    expect(message.parts[0]?.text).toBe('Template "order_update" (es_AR): #1042 · mañana');
    const stored = await db
      .selectFrom("messages")
      .select(["role", "created_by"])
      .where("conversation_id", "=", c.id)
      .orderBy("message_index")
      .execute();
    expect(stored).toEqual([
      { role: "user", created_by: null },
      { role: "assistant", created_by: a.users.member.id },
    ]);
    const delivery = await db
      .selectFrom("channel_deliveries")
      .selectAll()
      .where("id", "=", res.json.deliveryId as string)
      .executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ kind: "message", status: "sent", external_id: call?.messageId });
    const conv = await db
      .selectFrom("conversations")
      .selectAll()
      .where("id", "=", c.id)
      .executeTakeFirstOrThrow();
    expect(conv).toMatchObject({ handled_by: "human", assignee_id: a.users.member.id, unread_count: 0 });

    // Meta's statuses land on it by the wamid.
    const ack = await server.post(
      inbox,
      statusesWebhook({
        phoneNumberId: inbox.phoneNumberId,
        statuses: [status({ id: call?.messageId as string, status: "delivered", recipientId: c.waId })],
      }),
    );
    expect(await ack.json()).toMatchObject({ statuses: 1 });
    const after = await db
      .selectFrom("channel_deliveries")
      .select("delivery_status")
      .where("id", "=", delivery.id)
      .executeTakeFirstOrThrow();
    expect(after.delivery_status).toBe("delivered");
  });

  it("refuses a template not listed in the inbox's settings, and one Graph refuses, storing nothing", async () => {
    const c = await conversation(26);
    const unlisted = await sendTemplate(c.id, { name: "spam_blast", language: "es_AR" });
    expect(unlisted.status).toBe(400);
    expect(unlisted.code).toBe("validation_failed");
    expect(callsTo(c.waId)).toEqual([]);

    graph.failNextTo(c.waId, GRAPH_ERRORS.templateMissing);
    const missing = await sendTemplate(c.id, { name: "order_update", language: "en_US" });
    expect(missing.status).toBe(400);
    expect((missing.json.error as unknown as { message: string }).message).toMatch(/132001.*does not exist/);

    graph.failNextTo(c.waId, GRAPH_ERRORS.serverError);
    const down = await sendTemplate(c.id, { name: "order_update", language: "en_US" });
    expect(down.status).toBe(503);

    const messages = await db
      .selectFrom("messages")
      .select("role")
      .where("conversation_id", "=", c.id)
      .execute();
    expect(messages).toHaveLength(1);
    const deliveries = await db
      .selectFrom("channel_deliveries")
      .select("id")
      .where("conversation_id", "=", c.id)
      .execute();
    expect(deliveries).toEqual([]);
  });

  it("bad bodies are 400s", async () => {
    const c = await conversation(26);
    for (const body of [
      {},
      { name: "order_update" },
      { name: "order_update", language: "es_AR", bodyParams: ["x", ""] },
      "{",
    ]) {
      const res = await sendTemplate(c.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
  });
});

describe("who may do what", () => {
  it("viewers read the window but may not send a template", async () => {
    const c = await conversation(26);
    expect((await composer(c.id, a.users.viewer)).status).toBe(200);
    const res = await sendTemplate(c.id, { name: "order_update", language: "es_AR" }, a.users.viewer);
    expect(res.status).toBe(403);
  });

  it("another workspace's members cannot see or write in the conversation", async () => {
    const c = await conversation(26);
    expect((await composer(c.id, b.users.owner, b)).status).toBe(404);
    const res = await sendTemplate(c.id, { name: "order_update", language: "es_AR" }, b.users.owner, b);
    expect(res.status).toBe(404);
    expect(callsTo(c.waId)).toEqual([]);
  });

  it("a conversation on another channel has no WhatsApp composer", async () => {
    const web = await startConversation(a.users.member.scope(a.id), { agentId });
    expect((await composer(web.id)).status).toBe(409);
    expect((await sendTemplate(web.id, { name: "order_update", language: "es_AR" })).status).toBe(409);
  });
});

describe("the Graph base URL is a workspace's choice: the SSRF guard applies", () => {
  it("refuses a private address unless allowlisted, as a final failure", async () => {
    delete process.env.SSRF_ALLOWLIST;
    try {
      const c = await conversation(1);
      const row = await db
        .selectFrom("conversations")
        .selectAll()
        .where("id", "=", c.id)
        .executeTakeFirstOrThrow();
      const ctx = adapterContext(db, {
        workspaceId: a.id,
        inboxId: inbox.inboxId,
        settings: { phoneNumberId: inbox.phoneNumberId, graphBaseUrl: graph.baseUrl },
      });
      const err = await whatsappAdapter.sendText(ctx, conversationTarget(row), "hi").catch((e: unknown) => e);
      expect(isChannelSendError(err) && err.code === "whatsapp_url_refused" && !err.retryable).toBe(true);
      expect(callsTo(c.waId)).toEqual([]);
    } finally {
      process.env.SSRF_ALLOWLIST = "127.0.0.1";
    }
  });
});
