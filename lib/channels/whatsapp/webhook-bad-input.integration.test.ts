import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { seedOfflineAgent } from "@/test/channels/channel-kit";
import {
  seedWhatsAppInbox,
  startWhatsAppServer,
  type WhatsAppInbox,
  type WhatsAppServer,
} from "@/test/channels/whatsapp-kit";
import { openDb, type SeedWorkspace, seedWorkspace, uniq } from "@/test/db/workspace-kit";
import { startWhatsAppGraphFake, type WhatsAppGraphFake } from "@/test/fakes/whatsapp-graph-fake";
import { messagesWebhook, otherFieldWebhook, textMessage } from "@/test/fakes/whatsapp-graph-fake-webhooks";
import { ensureQueueSchema } from "@/test/flows/triggers-kit";

// The WhatsApp webhook over real HTTP (the production app server), on the
// test database, with bodies shaped like Meta's.

const db = getDb();
let ws: SeedWorkspace;
let agentId: string;
let graph: WhatsAppGraphFake;
let server: WhatsAppServer;
let inbox: WhatsAppInbox;

beforeAll(async () => {
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

const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error;

describe("POST: bad input", () => {
  const body = () => {
    const waId = customer();
    return {
      waId,
      body: messagesWebhook({
        phoneNumberId: inbox.phoneNumberId,
        contact: { waId },
        messages: [textMessage({ from: waId, body: "hi" })],
      }),
    };
  };

  it("refuses a bad, missing or other-secret signature with 401 and stores nothing", async () => {
    const b = body();
    for (const signature of [null, "sha256=00", `sha256=${"0".repeat(64)}`]) {
      const res = await server.post(inbox, b.body, { signature });
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe("unauthorized");
    }
    const otherSecret = await server.post({ token: inbox.token, appSecret: "not-the-app-secret" }, b.body);
    expect(otherSecret.status).toBe(401);
    expect(await conversationOf(b.waId)).toBeUndefined();
  });

  it("answers an unknown inbox token 404", async () => {
    const res = await server.post({ token: generateToken(), appSecret: inbox.appSecret }, body().body);
    expect(res.status).toBe(404);
  });

  it("refuses malformed JSON (400), another content type (415) and an oversized body (413)", async () => {
    const bad = await server.post(inbox, '{"object": "whatsapp_business_account", "entry": [');
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe("invalid_json");
    const form = await server.post(inbox, "a=1", { contentType: "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    const big = await server.post(inbox, JSON.stringify({ object: "x", pad: "x".repeat(1_100_000) }));
    expect(big.status).toBe(413);
    expect((await errorOf(big)).code).toBe("payload_too_large");
    // Streamed, with no Content-Length: cut at the cap while reading.
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent > 2_000_000) return c.close();
        sent += 65_536;
        c.enqueue(new Uint8Array(65_536).fill(32));
      },
    });
    const streamed = await fetch(`${server.base}/api/channels/whatsapp/${inbox.token}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-hub-signature-256": `sha256=${"0".repeat(64)}` },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it("refuses a messages change with a message missing its id (400, with the path) and stores none of the batch", async () => {
    const waId = customer();
    const good = textMessage({ from: waId, body: "first" });
    const { id: _drop, ...noId } = textMessage({ from: waId, body: "second" });
    const res = await server.post(
      inbox,
      messagesWebhook({ phoneNumberId: inbox.phoneNumberId, contact: { waId }, messages: [good, noId] }),
    );
    expect(res.status).toBe(400);
    const error = (await res.json()) as { error: { code: string; details: { path: string }[] } };
    expect(error.error.code).toBe("validation_failed");
    expect(error.error.details[0]?.path).toBe("entry.0.changes.0.value.messages.1.id");
    expect(await conversationOf(waId)).toBeUndefined();
  });

  it("acknowledges other objects, other fields and other phone numbers with 200 and ignores them", async () => {
    const other = await server.post(inbox, { object: "page", entry: [] });
    expect(other.status).toBe(200);
    expect(await other.json()).toMatchObject({ received: 0, ignored: 1 });
    const field = await server.post(inbox, otherFieldWebhook());
    expect(await field.json()).toMatchObject({ received: 0, ignored: 1 });
    const waId = customer();
    const number = await server.post(
      inbox,
      messagesWebhook({
        phoneNumberId: "999999",
        contact: { waId },
        messages: [textMessage({ from: waId, body: "x" })],
      }),
    );
    expect(await number.json()).toMatchObject({ received: 0, ignored: 1 });
    expect(await conversationOf(waId)).toBeUndefined();
  });

  it("refuses a body that is JSON but not a webhook (400)", async () => {
    for (const b of [[], "null", { entry: "x" }]) {
      const res = await server.post(inbox, typeof b === "string" ? b : JSON.stringify(b));
      expect(res.status, JSON.stringify(b)).toBe(400);
    }
  });
});

function generateToken() {
  return `t${uniq()}${uniq()}${uniq()}${uniq()}${uniq()}`;
}
