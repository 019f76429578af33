import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "@/lib/agents/index";
import { createProduct } from "@/lib/catalog";
import { closeDb } from "@/lib/db/client";
import { createProviderConnection } from "@/lib/providers/index";
import { seedChannelInbox, seedOfflineAgent } from "@/test/channels/channel-kit";
import {
  at,
  type ChatwootStack,
  conversationOf,
  deliveriesOf,
  eventually,
  json,
  messagesOf,
  newConversation,
  post,
  runDueRetriesNow,
  startChatwootStack,
  webhookUrl,
} from "@/test/channels/chatwoot-kit";
import { asService, openDb, type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import {
  assigneeChanged,
  chatwootSignature,
  conversationEvent,
  HUMAN_AGENT,
  incomingMessage,
  outgoingEcho,
  privateNote,
} from "@/test/fakes/chatwoot-fake-payloads";
import { type OpenAICompatibleFake, startOpenAICompatibleFake } from "@/test/fakes/openai-compatible-fake";

// Issue 14's Chatwoot path over real HTTP, with the worker's tasks running for
// real, the offline model (and the scripted LLM fake for the catalog flow) and
// the wire-format Chatwoot fake.

const SECRET = "cw-webhook-secret-51c0e2";
let stack: ChatwootStack;
let ws: SeedWorkspace;
let inbox: { inboxId: string; token: string };
let llm: OpenAICompatibleFake;

beforeAll(async () => {
  stack = await startChatwootStack();
  llm = await startOpenAICompatibleFake();
  ws = await seedWorkspace(openDb(), "chatwoot");
  const agent = await seedOfflineAgent(ws);
  inbox = await seedChannelInbox(stack.db, ws, {
    channel: "chatwoot",
    agentId: agent.id,
    settings: { baseUrl: stack.fake.baseUrl, accountId: stack.fake.accountId, inboxId: stack.fake.inboxId },
    secrets: { api_token: stack.fake.apiToken, webhook_secret: SECRET },
  });
});
afterAll(async () => {
  await stack?.stop();
  await llm?.stop();
  await closeDb();
});

const send = (payload: unknown, o: Parameters<typeof post>[3] = {}) =>
  post(stack.base, inbox.token, payload, { secret: SECRET, ...o });

async function repliesIn(conversationId: number, n = 1) {
  await stack.fake.waitFor(
    () => stack.fake.succeeded("messages", conversationId).length >= n,
    15_000,
    `${n} replies in Chatwoot conversation ${conversationId}`,
  );
  return stack.fake.conversation(conversationId).messages;
}

/** Long enough for a reply that should not come to have come: the worker and the model are fast. */
const quietPeriod = () => new Promise((r) => setTimeout(r, 1_000));

describe("Chatwoot webhook → agent → Chatwoot", () => {
  it("answers an incoming text: acknowledged at once, the reply posted through Chatwoot's API", async () => {
    const conv = newConversation(stack.fake);
    const res = await send(incomingMessage(at(stack.fake), conv, "Hola, ¿tienen envíos a Córdoba?"));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ ok: true, duplicate: false, queuedReply: true });

    const [reply] = await repliesIn(conv.id);
    expect(reply).toMatchObject({ messageType: "outgoing", private: false });
    expect(reply?.content).toContain("Hola, ¿tienen envíos a Córdoba?");
    const call = stack.fake.succeeded("messages", conv.id)[0];
    expect(call?.headers.api_access_token).toBe(stack.fake.apiToken);

    const stored = await conversationOf(stack.db, inbox.inboxId, String(conv.id));
    expect(stored).toMatchObject({
      handled_by: "bot",
      contact_ref: "+5491122334455",
      contact_name: "Lucía Gómez",
    });
    const msgs = await messagesOf(stack.db, stored?.id as string);
    expect(msgs.map((m) => [m.role, m.text])).toEqual([
      ["user", "Hola, ¿tienen envíos a Córdoba?"],
      ["assistant", reply?.content],
    ]);
    const deliveries = await eventually(async () => {
      const d = await deliveriesOf(stack.db, stored?.id as string);
      return d.every((x) => x.status === "sent") && d.length > 0 ? d : null;
    });
    expect(deliveries.filter((d) => d.kind === "message")).toMatchObject([
      { status: "sent", external_id: String(reply?.id), message_id: msgs[1]?.id },
    ]);
  });

  it("ignores our own outgoing echo (200), so the reply is not answered again", async () => {
    const conv = newConversation(stack.fake);
    stack.fake.echoTo(webhookUrl(stack.base, inbox.token), SECRET);
    try {
      await send(incomingMessage(at(stack.fake), conv, "¿Cuánto sale el envío?"));
      const [reply] = await repliesIn(conv.id);
      await eventually(async () => stack.fake.echoes.find((e) => e.messageId === reply?.id), {
        what: "the echo of our reply",
      });
      const echo = stack.fake.echoes.find((e) => e.messageId === reply?.id);
      expect(echo?.status).toBe(200);
      expect(JSON.parse(echo?.body ?? "{}")).toEqual({ ok: true, ignored: "message_type_outgoing" });
      await quietPeriod();
      expect(stack.fake.succeeded("messages", conv.id)).toHaveLength(1);
      const stored = await conversationOf(stack.db, inbox.inboxId, String(conv.id));
      expect((await messagesOf(stack.db, stored?.id as string)).map((m) => m.role)).toEqual([
        "user",
        "assistant",
      ]);
    } finally {
      stack.fake.echoTo(null);
    }
    // A human agent's outgoing message is not the customer either.
    const human = await send(outgoingEcho(at(stack.fake), conv, "Te escribo yo", { sender: HUMAN_AGENT }));
    expect(await json(human)).toEqual({ ok: true, ignored: "message_type_outgoing" });
  });

  it("ignores a private note: nothing stored, nothing sent", async () => {
    const conv = newConversation(stack.fake);
    const res = await send(privateNote(at(stack.fake), conv, "Cliente VIP, ofrecer envío gratis"));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ ok: true, ignored: "private_note" });
    await quietPeriod();
    expect(await conversationOf(stack.db, inbox.inboxId, String(conv.id))).toBeUndefined();
    expect(stack.fake.calls.filter((c) => c.conversationId === conv.id)).toHaveLength(0);
  });

  it("answers a duplicate delivery once, even when both arrive together", async () => {
    const conv = newConversation(stack.fake);
    const payload = incomingMessage(at(stack.fake), conv, "Quiero ver el catálogo");
    const [a, b] = await Promise.all([send(payload), send(payload)]);
    const bodies = [await json(a), await json(b)];
    expect(bodies.map((x) => x.duplicate).sort()).toEqual([false, true]);
    const late = await send(payload);
    expect(await json(late)).toEqual({ ok: true, duplicate: true, queuedReply: false });
    await repliesIn(conv.id);
    await quietPeriod();
    expect(stack.fake.succeeded("messages", conv.id)).toHaveLength(1);
    const stored = await conversationOf(stack.db, inbox.inboxId, String(conv.id));
    expect((await messagesOf(stack.db, stored?.id as string)).map((m) => m.role)).toEqual([
      "user",
      "assistant",
    ]);
    expect(stored?.unread_count).toBe(1);
  });

  it("refuses a bad signature with 401 and stores nothing", async () => {
    const conv = newConversation(stack.fake);
    const payload = incomingMessage(at(stack.fake), conv, "hola");
    const wrong = await post(stack.base, inbox.token, payload, { secret: "not-the-secret" });
    expect(wrong.status).toBe(401);
    expect(((await json(wrong)).error as { code: string }).code).toBe("unauthorized");
    const unsigned = await post(stack.base, inbox.token, payload);
    expect(unsigned.status).toBe(401);
    const stale = await send(payload, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(stale.status).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    const tampered = await send(payload, {
      timestamp: now,
      raw: JSON.stringify(payload).replace("hola", "hola!"),
      signature: chatwootSignature(SECRET, String(now), JSON.stringify(payload)),
    });
    expect(tampered.status).toBe(401);
    await quietPeriod();
    expect(await conversationOf(stack.db, inbox.inboxId, String(conv.id))).toBeUndefined();
    expect(stack.fake.calls.filter((c) => c.conversationId === conv.id)).toHaveLength(0);
  });
});

describe("people take over in Chatwoot", () => {
  it("keeps the bot silent once a human is assigned, and answers again when given back (pending)", async () => {
    const conv = newConversation(stack.fake);
    await send(incomingMessage(at(stack.fake), conv, "Hola"));
    await repliesIn(conv.id, 1);

    conv.assignee = HUMAN_AGENT;
    conv.status = "open";
    const assigned = await send(assigneeChanged(at(stack.fake), { ...conv, assignee: null }, HUMAN_AGENT));
    expect(await json(assigned)).toEqual({ ok: true, handledBy: "human" });
    const stored = await conversationOf(stack.db, inbox.inboxId, String(conv.id));
    expect(stored).toMatchObject({
      handled_by: "human",
      handoff_reason: "Assigned to Marta (ventas) in Chatwoot.",
    });

    const res = await send(incomingMessage(at(stack.fake), conv, "¿Sigue ahí el bot?"));
    expect(await json(res)).toEqual({ ok: true, duplicate: false, queuedReply: false });
    await quietPeriod();
    expect(stack.fake.succeeded("messages", conv.id)).toHaveLength(1);
    const msgs = await messagesOf(stack.db, stored?.id as string);
    expect(msgs.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    // Chatwoot made the change: nothing is sent back to it.
    expect(
      stack.fake.calls.filter((c) => c.route === "toggle_status" && c.conversationId === conv.id),
    ).toEqual([]);

    // Chatwoot's agent unassigns and puts it back to pending: the bot's again.
    conv.assignee = null;
    conv.status = "pending";
    const back = await send(
      conversationEvent(at(stack.fake), conv, {
        event: "conversation_status_changed",
        changed: { status: { previous_value: "open", current_value: "pending" } },
      }),
    );
    expect(await json(back)).toEqual({ ok: true, handledBy: "bot" });
    await send(incomingMessage(at(stack.fake), conv, "Gracias, ¿y el precio?"));
    await repliesIn(conv.id, 2);
  });

  it("stays silent on the first message of a conversation a human already has", async () => {
    const conv = newConversation(stack.fake);
    conv.assignee = HUMAN_AGENT;
    conv.status = "open";
    const res = await send(incomingMessage(at(stack.fake), conv, "Hola Marta"));
    expect(await json(res)).toEqual({ ok: true, duplicate: false, queuedReply: false });
    const stored = await conversationOf(stack.db, inbox.inboxId, String(conv.id));
    expect(stored?.handled_by).toBe("human");
    await quietPeriod();
    expect(stack.fake.calls.filter((c) => c.conversationId === conv.id)).toHaveLength(0);
  });

  it("a conversation opened by a human (pending → open) silences the bot; an event for an unknown one is ignored", async () => {
    const conv = newConversation(stack.fake);
    await send(incomingMessage(at(stack.fake), conv, "Hola"));
    await repliesIn(conv.id, 1);
    conv.status = "open";
    const opened = await send(
      conversationEvent(at(stack.fake), conv, {
        event: "conversation_status_changed",
        changed: { status: { previous_value: "pending", current_value: "open" } },
      }),
    );
    expect(await json(opened)).toEqual({ ok: true, handledBy: "human" });
    expect((await conversationOf(stack.db, inbox.inboxId, String(conv.id)))?.handled_by).toBe("human");
    const unknown = await send(assigneeChanged(at(stack.fake), newConversation(stack.fake), HUMAN_AGENT));
    expect(await json(unknown)).toEqual({ ok: true, ignored: "unknown_conversation" });
  });

  it("an event through one workspace's inbox never changes another workspace's conversation with the same Chatwoot id", async () => {
    const other = await seedWorkspace(openDb(), "chatwoot-other");
    const otherInbox = await seedChannelInbox(stack.db, other, {
      channel: "chatwoot",
      agentId: (await seedOfflineAgent(other)).id,
      settings: { baseUrl: stack.fake.baseUrl, accountId: stack.fake.accountId },
      secrets: { api_token: stack.fake.apiToken },
    });
    const conv = newConversation(stack.fake);
    await post(
      stack.base,
      otherInbox.token,
      incomingMessage(at(stack.fake), conv, "Hola desde la otra cuenta"),
    );
    await send(incomingMessage(at(stack.fake), conv, "Hola"));
    await repliesIn(conv.id, 2);

    const assigned = await send(assigneeChanged(at(stack.fake), conv, HUMAN_AGENT));
    expect(await json(assigned)).toEqual({ ok: true, handledBy: "human" });
    expect((await conversationOf(stack.db, inbox.inboxId, String(conv.id)))?.handled_by).toBe("human");
    const theirs = await conversationOf(stack.db, otherInbox.inboxId, String(conv.id));
    expect(theirs?.handled_by).toBe("bot");
    expect((await messagesOf(stack.db, theirs?.id as string)).map((m) => m.text)).toEqual([
      "Hola desde la otra cuenta",
      expect.stringContaining("Hola desde la otra cuenta"),
    ]);
  });

  it("hands off when the customer asks for a person: toggle_status open in Chatwoot, no bot reply", async () => {
    const conv = newConversation(stack.fake);
    const res = await send(incomingMessage(at(stack.fake), conv, "Quiero hablar con un asesor por favor"));
    expect(await json(res)).toMatchObject({ ok: true, queuedReply: false });
    await stack.fake.waitFor(
      () => stack.fake.conversation(conv.id).status === "open",
      10_000,
      "toggle_status open",
    );
    expect(stack.fake.succeeded("toggle_status", conv.id).map((c) => c.body)).toEqual([{ status: "open" }]);
    expect((await conversationOf(stack.db, inbox.inboxId, String(conv.id)))?.handled_by).toBe("human");
    await quietPeriod();
    expect(stack.fake.succeeded("messages", conv.id)).toHaveLength(0);
  });
});

describe("labels", () => {
  async function setTags(conversationId: string, tags: string[]) {
    await asService(stack.db, (tx) =>
      tx.updateTable("conversations").set({ tags }).where("id", "=", conversationId).execute(),
    );
  }

  it("a label call failing twice then succeeding ends with the full tag set in Chatwoot", async () => {
    const conv = newConversation(stack.fake);
    conv.labels = ["set-by-chatwoot-before"];
    await send(incomingMessage(at(stack.fake), conv, "Hola"));
    await repliesIn(conv.id);
    const stored = await conversationOf(stack.db, inbox.inboxId, String(conv.id));
    const id = stored?.id as string;

    stack.fake.failNext("labels", 2, 503);
    await setTags(id, ["lead"]);
    await setTags(id, ["lead", "envios"]);
    const delivered = await eventually(
      async () => {
        const d = (await deliveriesOf(stack.db, id)).filter((x) => x.kind === "labels");
        return d.length > 0 && d.every((x) => x.status === "sent") ? d : null;
      },
      { tick: () => runDueRetriesNow(stack.db), what: "the labels delivered" },
    );
    const labelCalls = stack.fake.calls.filter((c) => c.route === "labels" && c.conversationId === conv.id);
    expect(labelCalls.slice(0, 2).map((c) => c.status)).toEqual([503, 503]);
    expect(stack.fake.conversation(conv.id).labels).toEqual(["lead", "envios"]);
    // Each call carried the whole set (Chatwoot replaces), never a single added label.
    for (const c of labelCalls) expect((c.body.labels as string[]).length).toBeGreaterThanOrEqual(1);
    expect(labelCalls.at(-1)?.body).toEqual({ labels: ["lead", "envios"] });
    expect(delivered.reduce((n, d) => n + d.attempts, 0)).toBeGreaterThanOrEqual(3);
  });

  it("labels still failing after the last retry are a failed delivery with the error", async () => {
    const conv = newConversation(stack.fake);
    await send(incomingMessage(at(stack.fake), conv, "Hola"));
    await repliesIn(conv.id);
    const id = (await conversationOf(stack.db, inbox.inboxId, String(conv.id)))?.id as string;
    stack.fake.failNext("labels", 1_000, 502);
    try {
      await setTags(id, ["reclamo"]);
      const failed = await eventually(
        async () =>
          (await deliveriesOf(stack.db, id)).find((d) => d.kind === "labels" && d.status === "failed"),
        { tick: () => runDueRetriesNow(stack.db), timeoutMs: 25_000, what: "the labels delivery to fail" },
      );
      expect(failed.last_error).toMatchObject({ code: "chatwoot_unavailable" });
      expect(String((failed.last_error as { message: string }).message)).toContain("502");
      expect(failed.attempts).toBeGreaterThanOrEqual(2);
      expect(stack.fake.conversation(conv.id).labels).toEqual([]);
    } finally {
      stack.fake.failNext("labels", 0);
    }
  });
});

describe("the catalog flow (Laburen): customer asks → list_products, create_cart → answer in Chatwoot", () => {
  it("runs the tools in the channel conversation and posts the answer", async () => {
    const admin = { claims: ws.users.admin.claims, workspaceId: ws.id };
    const product = await createProduct(admin, {
      sku: "YERBA-1KG",
      name: "Yerba mate 1 kg",
      price: 4500,
      currency: "ARS",
      stock: 20,
    });
    const connection = await createProviderConnection(admin, {
      provider: "openai_compatible",
      name: "Scripted",
      baseUrl: llm.baseUrl,
      models: ["fake-model"],
    });
    const agent = await createAgent(admin, {
      name: "Ventas",
      providerConnectionId: connection.id,
      model: "fake-model",
      maxSteps: 5,
      tools: ["list_products", "create_cart"] as never,
    });
    const shop = await seedChannelInbox(stack.db, ws, {
      channel: "chatwoot",
      agentId: agent.id,
      settings: { baseUrl: stack.fake.baseUrl, accountId: stack.fake.accountId },
      secrets: { api_token: stack.fake.apiToken },
    });
    llm.queue(
      { kind: "tool", name: "list_products", args: { search: "yerba" } },
      { kind: "tool", name: "create_cart", args: { product_id: product.id, quantity: 2 } },
      { kind: "text", text: "¡Listo! Te agregué 2 × Yerba mate 1 kg al carrito: total ARS 9000." },
    );
    const conv = newConversation(stack.fake);
    const res = await post(
      stack.base,
      shop.token,
      incomingMessage(at(stack.fake), conv, "Hola, ¿tienen yerba?"),
    );
    expect(res.status).toBe(200);

    const [reply] = await repliesIn(conv.id);
    expect(reply?.content).toBe("¡Listo! Te agregué 2 × Yerba mate 1 kg al carrito: total ARS 9000.");
    const toolResults = JSON.stringify(llm.requests.map((r) => r.body.messages));
    expect(toolResults).toContain("YERBA-1KG");
    const stored = await conversationOf(stack.db, shop.inboxId, String(conv.id));
    const cart = await asService(stack.db, (tx) =>
      tx
        .selectFrom("cart_items")
        .innerJoin("carts", "carts.id", "cart_items.cart_id")
        .select(["cart_items.product_id", "cart_items.quantity", "carts.conversation_id"])
        .where("carts.conversation_id", "=", stored?.id as string)
        .execute(),
    );
    expect(cart).toEqual([{ product_id: product.id, quantity: 2, conversation_id: stored?.id }]);
  });
});
