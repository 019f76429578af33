import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/channels/chatwoot/[token]/route";
import { closeDb } from "@/lib/db/client";
import { seedChannelInbox, seedOfflineAgent } from "@/test/channels/channel-kit";
import {
  at,
  type ChatwootStack,
  conversationOf,
  json,
  newConversation,
  post,
  startChatwootStack,
  webhookUrl,
} from "@/test/channels/chatwoot-kit";
import { openDb, type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import { incomingMessage } from "@/test/fakes/chatwoot-fake-payloads";
import { MAX_CHATWOOT_BODY_BYTES } from "./webhook-ingress";

// Bad input at the Chatwoot webhook: each a clear 4xx with a code, or 200 and
// ignored where answering an error would make Chatwoot hand the conversation
// to people; never a 500, and nothing stored or sent.

let stack: ChatwootStack;
let ws: SeedWorkspace;
let inbox: { inboxId: string; token: string };

beforeAll(async () => {
  stack = await startChatwootStack();
  ws = await seedWorkspace(openDb(), "cw-bad");
  const agent = await seedOfflineAgent(ws);
  // No webhook secret: unsigned deliveries are accepted (Chatwoot's agent bots do not sign).
  inbox = await seedChannelInbox(stack.db, ws, {
    channel: "chatwoot",
    agentId: agent.id,
    settings: { baseUrl: stack.fake.baseUrl, accountId: stack.fake.accountId },
    secrets: { api_token: stack.fake.apiToken },
  });
});
afterAll(async () => {
  await stack?.stop();
  await closeDb();
});

const raw = (body: string | Uint8Array, headers: Record<string, string> = {}, token = inbox.token) =>
  fetch(webhookUrl(stack.base, token), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: body as BodyInit,
  });

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

describe("POST /api/channels/chatwoot/{token}: bad input", () => {
  it("404s an unknown or malformed token, and another channel's inbox token", async () => {
    const conv = newConversation(stack.fake);
    const body = incomingMessage(at(stack.fake), conv, "hola");
    for (const token of ["A".repeat(43), "short", "bad%20token%2F..", "x".repeat(300)]) {
      const res = await post(stack.base, token, body);
      expect(res.status, token).toBe(404);
      expect((await errorOf(res)).code).toBe("not_found");
    }
    const whatsapp = await seedChannelInbox(stack.db, ws, { channel: "whatsapp" });
    expect((await post(stack.base, whatsapp.token, body)).status).toBe(404);
  });

  it("answers malformed bodies with 4xx codes", async () => {
    const cases: [string | Uint8Array, Record<string, string>, number, string][] = [
      ["{not json", {}, 400, "invalid_json"],
      ["[1,2,3]", {}, 400, "validation_failed"],
      ["null", {}, 400, "validation_failed"],
      ['"message_created"', {}, 400, "validation_failed"],
      [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), {}, 400, "bad_request"],
      ["{}", { "content-type": "text/plain" }, 415, "unsupported_media_type"],
      [
        "event=message_created",
        { "content-type": "application/x-www-form-urlencoded" },
        415,
        "unsupported_media_type",
      ],
    ];
    for (const [body, headers, status, code] of cases) {
      const res = await raw(body, headers);
      expect(res.status, String(body)).toBe(status);
      expect((await errorOf(res)).code, String(body)).toBe(code);
    }
  });

  it("413s an oversized body, declared or streamed", async () => {
    const big = JSON.stringify({ event: "message_created", content: "x".repeat(MAX_CHATWOOT_BODY_BYTES) });
    const res = await raw(big);
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("payload_too_large");
    const chunks = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 10; i++)
          c.enqueue(new TextEncoder().encode("x".repeat(MAX_CHATWOOT_BODY_BYTES / 8)));
        c.close();
      },
    });
    const streamed = await fetch(webhookUrl(stack.base, inbox.token), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: chunks,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it("400s a message_created without its ids, naming the field", async () => {
    const conv = newConversation(stack.fake);
    const good = incomingMessage(at(stack.fake), conv, "hola") as Record<string, unknown>;
    const noId = { ...good, id: undefined };
    const noConversation = { ...good, conversation: undefined };
    const noConversationId = { ...good, conversation: { ...(good.conversation as object), id: null } };
    const badType = { ...good, message_type: { x: 1 } };
    for (const [name, body] of Object.entries({ noId, noConversation, noConversationId, badType })) {
      const res = await raw(JSON.stringify(body));
      expect(res.status, name).toBe(400);
      const err = await errorOf(res);
      expect(err.code, name).toBe("validation_failed");
      expect(err.message, name).toMatch(/^This message_created payload is missing or has malformed fields/);
    }
    const noEvent = await raw(JSON.stringify({ id: 1, content: "hola" }));
    expect(noEvent.status).toBe(400);
    const conversationNoId = await raw(JSON.stringify({ event: "conversation_updated", status: "open" }));
    expect(conversationNoId.status).toBe(400);
    expect(await conversationOf(stack.db, inbox.inboxId, String(conv.id))).toBeUndefined();
  });

  it("acknowledges (200) and ignores unknown events and messages with nothing to answer", async () => {
    const conv = newConversation(stack.fake);
    for (const event of [
      "webwidget_triggered",
      "contact_updated",
      "conversation_typing_on",
      "message_updated",
    ]) {
      const res = await raw(JSON.stringify({ event, id: 5 }));
      expect(res.status, event).toBe(200);
      expect((await json(res)).ignored, event).toBe(`event_${event}`);
    }
    const activity = {
      ...(incomingMessage(at(stack.fake), conv, "Conversation was resolved") as object),
      message_type: "activity",
    };
    expect(await json(await raw(JSON.stringify(activity)))).toEqual({
      ok: true,
      ignored: "message_type_activity",
    });
    const empty = incomingMessage(at(stack.fake), conv, "   ");
    expect(await json(await raw(JSON.stringify(empty)))).toEqual({ ok: true, ignored: "empty_message" });
    expect(await conversationOf(stack.db, inbox.inboxId, String(conv.id))).toBeUndefined();
  });

  it("refuses an event from another Chatwoot account than the inbox's", async () => {
    const conv = newConversation(stack.fake);
    const body = incomingMessage({ accountId: stack.fake.accountId + 1, inboxId: 1 }, conv, "hola");
    const res = await raw(JSON.stringify(body));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toContain("another Chatwoot account");
    expect(await conversationOf(stack.db, inbox.inboxId, String(conv.id))).toBeUndefined();
  });

  it("ignores (200) the events of the account's other Chatwoot inboxes when the inbox names its own", async () => {
    const scoped = await seedChannelInbox(stack.db, ws, {
      channel: "chatwoot",
      agentId: (await seedOfflineAgent(ws)).id,
      settings: { baseUrl: stack.fake.baseUrl, accountId: stack.fake.accountId, inboxId: 4 },
      secrets: { api_token: stack.fake.apiToken },
    });
    const conv = newConversation(stack.fake);
    const elsewhere = await raw(
      JSON.stringify(incomingMessage({ accountId: stack.fake.accountId, inboxId: 5 }, conv, "hola")),
      {},
      scoped.token,
    );
    expect(await json(elsewhere)).toEqual({ ok: true, ignored: "other_inbox" });
    expect(await conversationOf(stack.db, scoped.inboxId, String(conv.id))).toBeUndefined();
    const ours = await raw(
      JSON.stringify(incomingMessage({ accountId: stack.fake.accountId, inboxId: 4 }, conv, "hola")),
      {},
      scoped.token,
    );
    expect(await json(ours)).toMatchObject({ ok: true, duplicate: false });
  });

  it("stores an attachment-only message as a placeholder the agent can read", async () => {
    const conv = newConversation(stack.fake);
    const body = {
      ...(incomingMessage(at(stack.fake), conv, "") as object),
      content: null,
      attachments: [{ id: 1, file_type: "image", data_url: "https://chatwoot.example/x.jpg" }],
    };
    const res = await raw(JSON.stringify(body));
    expect(await json(res)).toMatchObject({ ok: true, duplicate: false });
    const stored = await conversationOf(stack.db, inbox.inboxId, String(conv.id));
    const first = await stack.db
      .selectFrom("messages")
      .select("parts")
      .where("conversation_id", "=", stored?.id as string)
      .orderBy("message_index")
      .executeTakeFirst();
    expect(first?.parts).toEqual([{ type: "text", text: "[attachment: image]" }]);
  });

  it("answers other methods with 405 and Allow: POST", async () => {
    const res = await GET(new Request(webhookUrl(stack.base, inbox.token)));
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });
});
