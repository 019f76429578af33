import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendHumanReply } from "@/lib/channels/human-reply";
import { receiveInbound } from "@/lib/channels/inbound";
import { signalOperatorTyping } from "@/lib/channels/typing";
import { startChatTurn } from "@/lib/chat/turn";
import { closeDb, getDb } from "@/lib/db/client";
import { closeListener } from "@/lib/realtime/listener";
import { queuedJobs, seedOfflineAgent } from "@/test/channels/channel-kit";
import {
  parseSse,
  type SeededWidget,
  seedWidgetInbox,
  sessionEvent,
  startWidgetServer,
} from "@/test/channels/widget-kit";
import {
  asService,
  conversationMessages,
  openDb,
  type SeedWorkspace,
  seedWorkspace,
} from "@/test/db/workspace-kit";
import { ensureQueueSchema } from "@/test/flows/triggers-kit";
import type { WidgetMessage } from "./browser/protocol";
import { widgetInboxByKey } from "./inbox";
import { WIDGET_LIMITS } from "./limits";
import { startWidgetReply, widgetActor } from "./reply";
import { signVisitorToken } from "./token";

const SHOP = "https://shop.example";
const db = getDb();
let ws: SeedWorkspace;
let other: SeedWorkspace;
let agentId: string;
let widget: SeededWidget;
let server: Awaited<ReturnType<typeof startWidgetServer>>;

beforeAll(async () => {
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  const seedDb = openDb();
  ws = await seedWorkspace(seedDb, "widget");
  other = await seedWorkspace(seedDb, "widget-other");
  agentId = (await seedOfflineAgent(ws)).id;
  widget = await seedWidgetInbox(db, ws, {
    agentId,
    settings: {
      allowedOrigins: [SHOP],
      title: "Shop help",
      welcome: "Hi! Ask us anything.",
      color: "#0f766e",
    },
  });
  server = await startWidgetServer();
});
afterAll(async () => {
  await server?.close();
  await closeListener();
  await closeDb();
});

type Json = Record<string, unknown>;

function call(w: SeededWidget, path: string, init: RequestInit & { token?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.token) headers.set("authorization", `Bearer ${init.token}`);
  if (init.body) headers.set("content-type", "application/json");
  return fetch(`${server.base}/api/widget/${w.publicKey}${path}`, { ...init, headers });
}

async function session(
  w: SeededWidget,
  token?: string,
): Promise<{ token: string; conversationId: string | null }> {
  const res = await call(w, "/session", { method: "POST", body: "{}", token });
  expect(res.status).toBe(200);
  return (await res.json()) as { token: string; conversationId: string | null };
}

function send(w: SeededWidget, token: string, text: string, clientId: string = randomUUID()) {
  return call(w, "/messages", { method: "POST", token, body: JSON.stringify({ text, clientId }) });
}

async function history(w: SeededWidget, token: string, after = 0) {
  const res = await call(w, `/messages?after=${after}`, { token });
  return { status: res.status, body: (await res.json()) as Json & { messages?: WidgetMessage[] } };
}

const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; details?: Json } }).error;

describe("widget: a visitor chats with the bot", () => {
  it("streams the bot's reply, stores both sides in the inbox, and the history reads them back", async () => {
    const s = await session(widget);
    expect(s.conversationId).toBeNull();
    const clientId = randomUUID();
    const res = await send(widget, s.token, "Do you ship to Lisbon?", clientId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = parseSse(await res.text());
    const kinds = events.map((e) => e.event);
    expect(kinds[0]).toBe("session");
    expect(kinds[1]).toBe("stored");
    expect(kinds).toContain("delta");
    expect(kinds.at(-1)).toBe("done");
    const streamed = events
      .filter((e) => e.event === "delta")
      .map((e) => e.data.text)
      .join("");
    const done = events.at(-1)?.data as unknown as WidgetMessage;
    expect(done.text).toBe(streamed);
    expect(done.role).toBe("bot");
    // Only text reaches the visitor: no UI-stream internals (tool calls, metadata).
    expect(kinds.every((k) => ["session", "stored", "delta", "done"].includes(k))).toBe(true);

    const renewed = sessionEvent(events);
    const conv = await asService(db, (tx) =>
      tx
        .selectFrom("conversations")
        .selectAll()
        .where("id", "=", renewed.conversationId)
        .executeTakeFirstOrThrow(),
    );
    expect(conv).toMatchObject({
      inbox_id: widget.inboxId,
      workspace_id: ws.id,
      agent_id: agentId,
      handled_by: "bot",
    });
    expect(conv.external_ref).toMatch(/^widget:[0-9a-f-]{36}$/);
    const stored = await conversationMessages(db, conv.id);
    expect(stored.map((m) => [m.role, m.status, m.created_by])).toEqual([
      ["user", "complete", null],
      ["assistant", "complete", null],
    ]);
    // The reply was answered here, so the worker has nothing left to do for it but record its delivery.
    expect(await queuedJobs(db, "channel_reply", "conversationId", conv.id)).toEqual([]);
    await expect
      .poll(() =>
        asService(db, (tx) =>
          tx
            .selectFrom("channel_deliveries")
            .select(["kind", "message_id", "inbox_id"])
            .where("conversation_id", "=", conv.id)
            .execute(),
        ),
      )
      .toEqual([{ kind: "message", message_id: done.id, inbox_id: widget.inboxId }]);

    const h = await history(widget, renewed.token);
    expect(h.body.conversationId).toBe(conv.id);
    expect(h.body.messages?.map((m) => [m.role, m.text, m.clientId])).toEqual([
      ["visitor", "Do you ship to Lisbon?", clientId],
      ["bot", done.text, undefined],
    ]);
    const later = await history(widget, renewed.token, done.index);
    expect(later.body.messages).toEqual([]);
  });

  it("keeps the conversation across reloads: the renewed token continues it", async () => {
    const s = await session(widget);
    const res = await send(widget, s.token, "First");
    const first = sessionEvent(parseSse(await res.text()));
    const again = await session(widget, first.token);
    expect(again.conversationId).toBe(first.conversationId);
    const second = sessionEvent(parseSse(await (await send(widget, again.token, "Second")).text()));
    expect(second.conversationId).toBe(first.conversationId);
    const h = await history(widget, again.token);
    expect(h.body.messages?.filter((m) => m.role === "visitor").map((m) => m.text)).toEqual([
      "First",
      "Second",
    ]);
  });

  it("stores a retried send once (same client id) and answers it once", async () => {
    const s = await session(widget);
    const clientId = randomUUID();
    const first = parseSse(await (await send(widget, s.token, "Hello?", clientId)).text());
    const { token } = sessionEvent(first);
    const retry = await send(widget, token, "Hello?", clientId);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ duplicate: true });
    const { conversationId } = sessionEvent(first);
    const stored = await conversationMessages(db, conversationId);
    expect(stored.map((m) => m.role)).toEqual(["user", "assistant"]);
  });

  it("answers once: not when the reply job answered first; takes the job back when no worker holds it", async () => {
    const inbox = await widgetInboxByKey(widget.publicKey);
    const actor = await widgetActor(inbox);
    if (!actor) throw new Error("the inbox's creator should be its actor");
    const visitor = randomUUID();
    const ref = { agentId, conversationId: "" };
    const stored = async (text: string) => {
      const r = await receiveInbound({
        inboxId: widget.inboxId,
        workspaceId: ws.id,
        externalMessageId: `widget:${visitor}:${randomUUID()}`,
        externalConversationRef: `widget:${visitor}`,
        contact: { ref: visitor },
        text,
      });
      expect(r.queuedReply).toBe(true);
      ref.conversationId = r.conversationId;
      const m = (await conversationMessages(db, r.conversationId)).find((x) => x.id === r.messageId);
      return { ...ref, messageId: r.messageId ?? "", index: m?.message_index ?? -1 };
    };
    const deliveries = (messageId: string) =>
      asService(db, (tx) =>
        tx.selectFrom("channel_deliveries").select("id").where("message_id", "=", messageId).execute(),
      );

    // 1. The worker's turn started first (as the channel reply job runs it): this request stays out.
    const first = await stored("The worker got this one");
    const workerTurn = await startChatTurn(
      { claims: actor.claims, workspaceId: ws.id },
      { agentId, conversationId: first.conversationId, trigger: "reply", editIndex: first.index },
      { workspaceSlug: actor.workspaceSlug },
    );
    expect(await startWidgetReply(inbox, actor, first)).toBeNull();
    await workerTurn.result;
    const afterFirst = await conversationMessages(db, first.conversationId);
    expect(afterFirst.filter((x) => x.role === "assistant")).toHaveLength(1);
    await sql`delete from graphile_worker._private_jobs where key = ${`channel_reply:${first.messageId}`}`.execute(
      db,
    );

    // 2. No worker holds the job: this request answers and takes the job back, and records the delivery once.
    const second = await stored("Nobody holds this one");
    const turn = await startWidgetReply(inbox, actor, second);
    if (!turn) throw new Error("the request should answer");
    const reply = await turn.result;
    expect(await queuedJobs(db, "channel_reply", "messageId", second.messageId)).toEqual([]);
    await expect.poll(async () => (await deliveries(reply.message.id)).length).toBe(1);

    // 3. A worker holds the job but has not started its turn: this request answers; the job is left to
    //    the worker (it finds the reply and records the delivery if this request has not).
    const third = await stored("A worker holds this one");
    await sql`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'test-worker'
              where key = ${`channel_reply:${third.messageId}`}`.execute(db);
    const turn3 = await startWidgetReply(inbox, actor, third);
    if (!turn3) throw new Error("the request should answer");
    const reply3 = await turn3.result;
    expect((await queuedJobs(db, "channel_reply", "messageId", third.messageId)).map((j) => j.key)).toEqual([
      `channel_reply:${third.messageId}`,
    ]);
    await expect.poll(async () => (await deliveries(reply3.message.id)).length).toBe(1);
    const all = await conversationMessages(db, third.conversationId);
    expect(all.filter((x) => x.role === "assistant")).toHaveLength(3);
  });
});

describe("widget: people take over", () => {
  it("stores the visitor's message without a turn, and the visitor sees a member typing and replying live", async () => {
    const s = await session(widget);
    const started = parseSse(await (await send(widget, s.token, "I have a question")).text());
    const { token, conversationId } = sessionEvent(started);
    await asService(db, (tx) =>
      tx
        .updateTable("conversations")
        .set({ handled_by: "human", assignee_id: ws.users.member.id })
        .where("id", "=", conversationId)
        .execute(),
    );

    const res = await send(widget, token, "Is a person there?");
    expect(res.status).toBe(202);
    const body = (await res.json()) as { handledBy: string; message: WidgetMessage; replyQueued: boolean };
    expect(body.handledBy).toBe("human");
    expect(body.replyQueued).toBe(false);
    expect(body.message).toMatchObject({ role: "visitor", text: "Is a person there?" });
    const stored = await conversationMessages(db, conversationId);
    expect(stored.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(await queuedJobs(db, "channel_reply", "conversationId", conversationId)).toEqual([]);

    // Live updates: the stream opens, a member replies from the Inbox, a change arrives.
    const abort = new AbortController();
    const live = await call(widget, "/events", { token, signal: abort.signal });
    expect(live.status).toBe(200);
    const reader = (live.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let seen = "";
    const until = async (needle: string) => {
      while (!seen.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        seen += decoder.decode(value);
      }
    };
    await until("event: ready");
    // The member types in the Inbox first: the visitor's stream says so (the widget shows "typing…").
    expect(
      await signalOperatorTyping({ claims: ws.users.member.claims, workspaceId: ws.id }, conversationId),
    ).toEqual({ shown: true });
    await until("event: typing");
    await sendHumanReply(
      { claims: ws.users.member.claims, workspaceId: ws.id },
      { conversationId, text: "Yes, Maria here." },
    );
    await until("event: change");
    abort.abort();

    const h = await history(widget, token);
    expect(h.body.handledBy).toBe("human");
    expect(h.body.messages?.at(-1)).toMatchObject({ role: "human", text: "Yes, Maria here." });
  });

  it("hands over when the visitor asks for a person (the channels' rule), without a bot turn", async () => {
    const s = await session(widget);
    const res = await send(widget, s.token, "I want to talk to a human");
    expect(res.status).toBe(202);
    const body = (await res.json()) as { handledBy: string; conversationId: string };
    expect(body.handledBy).toBe("human");
    expect((await conversationMessages(db, body.conversationId)).map((m) => m.role)).toEqual(["user"]);
  });
});

describe("widget: visitor tokens are bound to one visitor, inbox and workspace", () => {
  it("refuses a forged token, another inbox's token, another workspace's token and an expired one", async () => {
    const mine = await session(widget);
    const sibling = await seedWidgetInbox(db, ws, { agentId, settings: { allowedOrigins: [SHOP] } });
    const foreign = await seedWidgetInbox(db, other, { settings: { allowedOrigins: [SHOP] } });
    const siblingToken = (await session(sibling)).token;
    const foreignToken = (await session(foreign)).token;
    const forged = await signVisitorToken(randomBytes(32), {
      inboxId: widget.inboxId,
      workspaceId: ws.id,
      visitorId: randomUUID(),
      conversationId: null,
    });
    for (const [label, token] of [
      ["sibling inbox", siblingToken],
      ["other workspace", foreignToken],
      ["forged", forged],
      ["garbage", "abc.def.ghi"],
    ] as const) {
      for (const res of [
        await history(widget, token).then((h) => h.status),
        (await send(widget, token, "hi")).status,
      ]) {
        expect(res, label).toBe(401);
      }
    }
    // Without a token: 401 too, with its own reason.
    const none = await call(widget, "/messages");
    expect(none.status).toBe(401);
    expect((await errorOf(none)).details).toEqual({ reason: "visitor_token_missing" });
    // A refused token on the session endpoint starts a new visitor instead (no data of the old one).
    const fresh = await session(widget, siblingToken);
    expect(fresh.conversationId).toBeNull();
    expect(fresh.token).not.toBe(mine.token);
  });

  it("says an expired token expired", async () => {
    const key = await asService(db, (tx) =>
      tx
        .selectFrom("inbox_secrets")
        .select("ciphertext")
        .where("inbox_id", "=", widget.inboxId)
        .where("name", "=", "visitor_signing_key")
        .executeTakeFirstOrThrow(),
    );
    const { decryptSecret } = await import("@/lib/crypto/secrets");
    const { secretsKeyring } = await import("@/lib/providers/keyring");
    const { inboxSecretAad } = await import("@/lib/channels/secrets");
    const raw = decryptSecret(
      secretsKeyring(),
      key.ciphertext,
      inboxSecretAad(ws.id, widget.inboxId, "visitor_signing_key"),
    );
    const expired = await signVisitorToken(
      new TextEncoder().encode(raw),
      { inboxId: widget.inboxId, workspaceId: ws.id, visitorId: randomUUID(), conversationId: null },
      { now: new Date(Date.now() - 40 * 24 * 3600 * 1000) },
    );
    const h = await call(widget, "/messages", { token: expired });
    expect(h.status).toBe(401);
    expect((await errorOf(h)).details).toEqual({ reason: "visitor_token_expired" });
  });

  it("never shows one visitor another visitor's conversation, even with that conversation's id in the token", async () => {
    const alice = await session(widget);
    const aliceStart = parseSse(await (await send(widget, alice.token, "Alice's secret order 4711")).text());
    const aliceConv = sessionEvent(aliceStart).conversationId;

    const bob = await session(widget);
    const bobHistory = await history(widget, bob.token);
    expect(bobHistory.body).toMatchObject({ conversationId: null, messages: [] });

    // Even a validly signed token (a leaked key) that names Alice's conversation for Bob's visitor id reads nothing of hers.
    const raw = await asService(db, (tx) =>
      tx
        .selectFrom("inbox_secrets")
        .select("ciphertext")
        .where("inbox_id", "=", widget.inboxId)
        .where("name", "=", "visitor_signing_key")
        .executeTakeFirstOrThrow(),
    );
    const { decryptSecret } = await import("@/lib/crypto/secrets");
    const { secretsKeyring } = await import("@/lib/providers/keyring");
    const { inboxSecretAad } = await import("@/lib/channels/secrets");
    const key = new TextEncoder().encode(
      decryptSecret(
        secretsKeyring(),
        raw.ciphertext,
        inboxSecretAad(ws.id, widget.inboxId, "visitor_signing_key"),
      ),
    );
    const bobId = JSON.parse(Buffer.from(bob.token.split(".")[1] ?? "", "base64url").toString())
      .sub as string;
    const crossed = await signVisitorToken(key, {
      inboxId: widget.inboxId,
      workspaceId: ws.id,
      visitorId: bobId,
      conversationId: aliceConv,
    });
    const h = await history(widget, crossed);
    expect(h.status).toBe(200);
    expect(h.body).toMatchObject({ conversationId: null, messages: [] });
    // And what Bob writes goes to Bob's own conversation.
    const bobSend = parseSse(await (await send(widget, crossed, "Bob here")).text());
    expect(sessionEvent(bobSend).conversationId).not.toBe(aliceConv);
    const aliceMessages = await conversationMessages(db, aliceConv);
    expect(aliceMessages.some((m) => JSON.stringify(m.parts).includes("Bob here"))).toBe(false);
  });

  it("answers 404 for an unknown, malformed or non-widget public key", async () => {
    for (const key of ["pk_unknownunknownunknown1", "nope", "pk_%27%3B--"]) {
      const res = await fetch(`${server.base}/api/widget/${key}/session`, { method: "POST" });
      expect(res.status, key).toBe(404);
    }
  });
});

describe("widget: allowed origins, sizes and rate limits", () => {
  it("accepts the app's own origin and an allowed origin, refuses others", async () => {
    const ok = await call(widget, "/session", { method: "POST", body: "{}", headers: { origin: SHOP } });
    expect(ok.status).toBe(200);
    const own = await call(widget, "/session", {
      method: "POST",
      body: "{}",
      headers: { origin: server.base },
    });
    expect(own.status).toBe(200);
    for (const origin of ["https://evil.example", "null", "https://shop.example.evil.example"]) {
      const res = await call(widget, "/session", { method: "POST", body: "{}", headers: { origin } });
      expect(res.status, origin).toBe(403);
      expect((await errorOf(res)).code).toBe("bad_origin");
    }
    const byReferer = await call(widget, "/messages", { headers: { referer: "https://evil.example/page" } });
    expect(byReferer.status).toBe(403);
  });

  it("refuses oversized, empty and malformed messages with a clear 4xx, storing nothing", async () => {
    const { token } = await session(widget);
    const cases: [string, string, number, string][] = [
      [
        "too long",
        JSON.stringify({ text: "x".repeat(4001), clientId: randomUUID() }),
        400,
        "validation_failed",
      ],
      ["empty", JSON.stringify({ text: "   ", clientId: randomUUID() }), 400, "validation_failed"],
      ["no client id", JSON.stringify({ text: "hi" }), 400, "validation_failed"],
      [
        "extra field",
        JSON.stringify({ text: "hi", clientId: randomUUID(), conversationId: randomUUID() }),
        400,
        "validation_failed",
      ],
      ["not json", "{nope", 400, "invalid_json"],
      [
        "huge body",
        JSON.stringify({ text: "x".repeat(40_000), clientId: randomUUID() }),
        413,
        "payload_too_large",
      ],
      ["NUL", JSON.stringify({ text: "a\u0000b", clientId: randomUUID() }), 400, "validation_failed"],
    ];
    for (const [label, body, status, code] of cases) {
      const res = await call(widget, "/messages", { method: "POST", token, body });
      expect(res.status, label).toBe(status);
      expect((await errorOf(res)).code, label).toBe(code);
    }
    const bad = await call(widget, "/messages?after=-1", { token });
    expect(bad.status).toBe(400);
    const h = await history(widget, token);
    expect(h.body.conversationId).toBeNull();
  });

  it("limits sends per visitor", async () => {
    // A bot-less inbox: the limit is what is tested, not the model.
    const quiet = await seedWidgetInbox(db, ws, { agentId: null, settings: { allowedOrigins: [SHOP] } });
    let { token } = await session(quiet);
    const statuses: number[] = [];
    for (let i = 0; i <= WIDGET_LIMITS.sendPerVisitor; i++) {
      const res = await send(quiet, token, `message ${i}`);
      statuses.push(res.status);
      const body = (await res.json()) as { token?: string };
      if (body.token) token = body.token;
    }
    expect(statuses.slice(0, -1).every((s) => s === 202)).toBe(true);
    const last = statuses.at(-1);
    expect(last).toBe(429);
  });
});

describe("widget: the iframe page", () => {
  it("is framable only by the inbox's allowed origins and shows the inbox's settings, escaped", async () => {
    const w = await seedWidgetInbox(db, ws, {
      agentId,
      settings: { allowedOrigins: [SHOP, "not a url"], title: "<script>alert(1)</script>", color: "red" },
    });
    const res = await fetch(`${server.base}/widget/${w.publicKey}`, {
      headers: { referer: `${SHOP}/products` },
    });
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain(`frame-ancestors 'self' ${SHOP};`);
    expect(res.headers.get("x-frame-options")).toBeNull();
    const html = await res.text();
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>alert(1)");
    // A bad colour falls back to the default.
    expect(html).toContain("--brand:#2563eb");

    const refused = await fetch(`${server.base}/widget/${w.publicKey}`, {
      headers: { referer: "https://evil.example/" },
    });
    expect(refused.status).toBe(403);
    expect((await fetch(`${server.base}/widget/pk_unknownunknownunknown1`)).status).toBe(404);
  });
});

// Last in the file: it uses up this IP's session budget for the minute.
describe("widget: sessions per IP", () => {
  it("limits new visitors from one address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= WIDGET_LIMITS.sessionsPerIp; i++) {
      const res = await call(widget, "/session", { method: "POST", body: "{}" });
      statuses.push(res.status);
      if (res.status === 429) {
        expect((await errorOf(res)).code).toBe("rate_limited");
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
        break;
      }
      await res.body?.cancel();
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(WIDGET_LIMITS.sessionsPerIp);
  });
});
