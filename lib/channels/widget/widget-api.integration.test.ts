import { randomUUID } from "node:crypto";
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
import { startWidgetReply, widgetActor } from "./reply";

const SHOP = "https://shop.example";
const db = getDb();
let ws: SeedWorkspace;
let agentId: string;
let widget: SeededWidget;
let server: Awaited<ReturnType<typeof startWidgetServer>>;

beforeAll(async () => {
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  const seedDb = openDb();
  ws = await seedWorkspace(seedDb, "widget");
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
  // The token is the visitor's key to the conversation: no cache keeps it.
  expect(res.headers.get("cache-control")).toBe("no-store");
  return (await res.json()) as { token: string; conversationId: string | null };
}

function send(w: SeededWidget, token: string, text: string, clientId: string = randomUUID()) {
  return call(w, "/messages", { method: "POST", token, body: JSON.stringify({ text, clientId }) });
}

async function history(w: SeededWidget, token: string, after = 0) {
  const res = await call(w, `/messages?after=${after}`, { token });
  return { status: res.status, body: (await res.json()) as Json & { messages?: WidgetMessage[] } };
}

const _errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; details?: Json } }).error;

describe("widget: a visitor chats with the bot", () => {
  it("streams the bot's reply, stores both sides in the inbox, and the history reads them back", async () => {
    const s = await session(widget);
    expect(s.conversationId).toBeNull();
    const clientId = randomUUID();
    const res = await send(widget, s.token, "Do you ship to Lisbon?", clientId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    // Its first event carries the token.
    expect(res.headers.get("cache-control")).toBe("no-store, no-transform");
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
