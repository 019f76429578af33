import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { closeListener } from "@/lib/realtime/listener";
import { seedOfflineAgent } from "@/test/channels/channel-kit";
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
import { WIDGET_LIMITS } from "./limits";
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
