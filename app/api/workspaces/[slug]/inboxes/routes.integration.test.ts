import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "@/lib/agents";
import { readInboxSecret } from "@/lib/channels/secrets";
import { findInboxByWebhookToken } from "@/lib/channels/webhook-token";
import { closeDb, getDb } from "@/lib/db/client";
import { callV1, makeKey } from "@/test/http/v1-api-kit";
import { call, seedRouteWorkspace, type TestWorkspace } from "@/test/http/web-api-kit";
import { POST as v1Rotate } from "../../../v1/inboxes/[id]/rotate-token/route";
import { POST as v1Create, GET as v1List } from "../../../v1/inboxes/route";
import { POST as rotate } from "./[id]/rotate-token/route";
import { DELETE, GET as getOne, PATCH } from "./[id]/route";
import { GET as list, POST } from "./route";

let a: TestWorkspace;
let b: TestWorkspace;
let agentId: string;

const base = () => `/api/workspaces/${a.slug}/inboxes`;
const p = (id?: string) => ({ slug: a.slug, ...(id ? { id } : {}) });
const chatwoot = {
  channel: "chatwoot",
  name: "Laburen WhatsApp",
  settings: { baseUrl: "https://chatwoot.example.com/", accountId: 7 },
  secrets: { api_token: "cw-token-abcdef123456", webhook_secret: "whsec-0987654321zz" },
};

beforeAll(async () => {
  [a, b] = await Promise.all([
    seedRouteWorkspace("inboxes-routes-a"),
    seedRouteWorkspace("inboxes-routes-b"),
  ]);
  agentId = (await createAgent(a.users.member.scope(a.id), { name: "Seller" })).id;
});
afterAll(closeDb);

describe("inboxes", () => {
  it("an admin creates a Chatwoot inbox: the webhook URL once, secrets as hints, never in clear", async () => {
    const res = await call(POST, "POST", base(), {
      user: a.users.admin,
      params: p(),
      body: { ...chatwoot, agentId },
    });
    expect(res.status).toBe(201);
    const { inbox, webhook } = res.json as {
      inbox: Record<string, unknown>;
      webhook: { token: string; url: string };
    };
    expect(inbox).toMatchObject({
      channel: "chatwoot",
      agentId,
      settings: { baseUrl: "https://chatwoot.example.com", accountId: 7 },
      botEnabled: true,
      hasWebhookToken: true,
      publicKey: null,
      secrets: { api_token: "••••3456", webhook_secret: "••••21zz" },
      actorId: a.users.admin.id,
      actorProblem: null,
    });
    expect(webhook.url).toBe(`http://localhost:3000/api/channels/chatwoot/${webhook.token}`);
    expect(await findInboxByWebhookToken("chatwoot", webhook.token)).toMatchObject({
      inboxId: inbox.id,
      workspaceId: a.id,
    });
    expect(await findInboxByWebhookToken("whatsapp", webhook.token)).toBeNull();
    expect(await readInboxSecret(getDb(), a.id, inbox.id as string, "api_token")).toBe(
      "cw-token-abcdef123456",
    );

    const listed = await call(list, "GET", base(), { user: a.users.viewer, params: p() });
    const text = JSON.stringify(listed.json);
    expect(text).not.toContain("cw-token-abcdef123456");
    expect(text).not.toContain(webhook.token);
    expect((listed.json.inboxes as { channel: string }[]).map((i) => i.channel)).toEqual(["web", "chatwoot"]);
    const one = await call(getOne, "GET", `${base()}/${inbox.id}`, {
      user: a.users.viewer,
      params: p(inbox.id as string),
    });
    expect(JSON.stringify(one.json)).not.toContain(webhook.token);

    // Rotating: the old token stops working.
    const rotated = await call(rotate, "POST", `${base()}/${inbox.id}/rotate-token`, {
      user: a.users.admin,
      params: p(inbox.id as string),
    });
    expect(rotated.status).toBe(200);
    const fresh = (rotated.json.webhook as { token: string }).token;
    expect(await findInboxByWebhookToken("chatwoot", webhook.token)).toBeNull();
    expect(await findInboxByWebhookToken("chatwoot", fresh)).toMatchObject({ inboxId: inbox.id });
  });

  it("a widget inbox gets a public key and a generated visitor signing key", async () => {
    const res = await call(POST, "POST", base(), {
      user: a.users.admin,
      params: p(),
      body: {
        channel: "widget",
        name: "Shop widget",
        agentId,
        settings: { allowedOrigins: ["https://shop.example.com"] },
      },
    });
    expect(res.status).toBe(201);
    const inbox = res.json.inbox as { id: string; publicKey: string; secrets: Record<string, string> };
    expect(inbox.publicKey).toMatch(/^pk_[A-Za-z0-9]{24}$/);
    expect(res.json.webhook).toBeNull();
    expect(Object.keys(inbox.secrets)).toEqual(["visitor_signing_key"]);
    expect((await readInboxSecret(getDb(), a.id, inbox.id, "visitor_signing_key"))?.length).toBeGreaterThan(
      30,
    );
  });

  it("bad input is a 400 with the field, never a 500; nothing is stored", async () => {
    const before = (
      (await call(list, "GET", base(), { user: a.users.admin, params: p() })).json.inboxes as unknown[]
    ).length;
    const cases: [unknown, string][] = [
      ["{nope", "invalid_json"],
      [{ ...chatwoot, channel: "web" }, "validation_failed"],
      [{ ...chatwoot, settings: { baseUrl: "javascript:alert(1)", accountId: 1 } }, "validation_failed"],
      [
        { ...chatwoot, settings: { baseUrl: "https://x.example", accountId: 1, extra: 1 } },
        "validation_failed",
      ],
      [{ ...chatwoot, secrets: {} }, "validation_failed"],
      [{ ...chatwoot, secrets: { api_token: "x", access_token: "y" } }, "validation_failed"],
      [{ ...chatwoot, secrets: { api_token: "a\u0000b" } }, "validation_failed"],
      [{ ...chatwoot, agentId: crypto.randomUUID() }, "validation_failed"],
      [
        {
          channel: "whatsapp",
          name: "WA",
          settings: { phoneNumberId: "12345678" },
          secrets: { access_token: "t" },
        },
        "validation_failed",
      ],
      [{ channel: "widget", name: "W", settings: { allowedOrigins: ["*"] } }, "validation_failed"],
      [{ ...chatwoot, name: "x".repeat(81) }, "validation_failed"],
      // Addresses the worker would call: private, metadata and local ones are refused when saved.
      [{ ...chatwoot, settings: { baseUrl: "http://169.254.169.254", accountId: 1 } }, "validation_failed"],
      [{ ...chatwoot, settings: { baseUrl: "http://10.0.0.5:3000", accountId: 1 } }, "validation_failed"],
      [{ ...chatwoot, settings: { baseUrl: "http://localhost:5432", accountId: 1 } }, "validation_failed"],
      [{ ...chatwoot, settings: { baseUrl: "http://[::1]:8080", accountId: 1 } }, "validation_failed"],
      [
        {
          channel: "whatsapp",
          name: "WA",
          settings: { phoneNumberId: "12345678", graphBaseUrl: "http://metadata.google.internal" },
          secrets: { access_token: "t", app_secret: "s", verify_token: "v" },
        },
        "validation_failed",
      ],
    ];
    for (const [body, code] of cases) {
      const res = await call(POST, "POST", base(), { user: a.users.admin, params: p(), body });
      expect({ body, status: res.status, code: res.code }).toEqual({ body, status: 400, code });
    }
    const bad = await call(POST, "POST", base(), {
      user: a.users.admin,
      params: p(),
      body: { ...chatwoot, settings: { accountId: "x" } },
    });
    expect((bad.json.error as unknown as { details: { path: string }[] }).details.map((d) => d.path)).toEqual(
      expect.arrayContaining(["settings.baseUrl", "settings.accountId"]),
    );
    const after = (
      (await call(list, "GET", base(), { user: a.users.admin, params: p() })).json.inboxes as unknown[]
    ).length;
    expect(after).toBe(before);
    const metadata = await call(POST, "POST", base(), {
      user: a.users.admin,
      params: p(),
      body: { ...chatwoot, settings: { baseUrl: "http://169.254.169.254", accountId: 1 } },
    });
    expect(metadata.json.error).toMatchObject({
      details: [
        { path: "settings.baseUrl", message: expect.stringMatching(/^Blocked: 169\.254\.169\.254 is/) },
      ],
    });
  });

  it("members and viewers cannot write (403); another workspace's inbox is a 404", async () => {
    const made = await call(POST, "POST", base(), { user: a.users.admin, params: p(), body: chatwoot });
    const id = (made.json.inbox as { id: string }).id;
    expect(
      (await call(POST, "POST", base(), { user: a.users.member, params: p(), body: chatwoot })).status,
    ).toBe(403);
    expect(
      (
        await call(PATCH, "PATCH", `${base()}/${id}`, {
          user: a.users.member,
          params: p(id),
          body: { name: "x" },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call(DELETE, "DELETE", `${base()}/${id}`, { user: a.users.viewer, params: p(id) })).status,
    ).toBe(403);
    const bp = { slug: b.slug, id };
    expect(
      (
        await call(getOne, "GET", `/api/workspaces/${b.slug}/inboxes/${id}`, {
          user: b.users.owner,
          params: bp,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(PATCH, "PATCH", `/api/workspaces/${b.slug}/inboxes/${id}`, {
          user: b.users.owner,
          params: bp,
          body: { name: "x" },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(DELETE, "DELETE", `/api/workspaces/${b.slug}/inboxes/${id}`, {
          user: b.users.owner,
          params: bp,
        })
      ).status,
    ).toBe(404);
    expect(
      (await call(getOne, "GET", `${base()}/${id}`, { user: a.users.viewer, params: p(id) })).status,
    ).toBe(200);
  });

  it("update: settings validated per channel, secrets replaced or cleared, act as me; the web inbox only renamed", async () => {
    const made = await call(POST, "POST", base(), { user: a.users.admin, params: p(), body: chatwoot });
    const id = (made.json.inbox as { id: string }).id;
    const res = await call(PATCH, "PATCH", `${base()}/${id}`, {
      user: a.users.owner,
      params: p(id),
      body: {
        botEnabled: false,
        settings: { baseUrl: "https://cw2.example.com", accountId: 9, inboxId: 3 },
        secrets: { webhook_secret: null, api_token: "new-token-zzzz9999" },
        actAsMe: true,
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.inbox).toMatchObject({
      botEnabled: false,
      settings: { accountId: 9, inboxId: 3 },
      secrets: { api_token: "••••9999" },
      actorId: a.users.owner.id,
    });
    expect((res.json.inbox as { secrets: object }).secrets).not.toHaveProperty("webhook_secret");
    const cantClear = await call(PATCH, "PATCH", `${base()}/${id}`, {
      user: a.users.owner,
      params: p(id),
      body: { secrets: { api_token: null } },
    });
    expect(cantClear.status).toBe(400);
    const toMetadata = await call(PATCH, "PATCH", `${base()}/${id}`, {
      user: a.users.owner,
      params: p(id),
      body: { settings: { baseUrl: "http://169.254.169.254/latest", accountId: 9 } },
    });
    expect([toMetadata.status, toMetadata.code]).toEqual([400, "validation_failed"]);
    const kept = await call(getOne, "GET", `${base()}/${id}`, { user: a.users.admin, params: p(id) });
    expect(kept.json.inbox).toMatchObject({ settings: { baseUrl: "https://cw2.example.com" } });
    const web = (
      (await call(list, "GET", base(), { user: a.users.admin, params: p() })).json.inboxes as { id: string }[]
    )[0] as { id: string };
    expect(
      (
        await call(PATCH, "PATCH", `${base()}/${web.id}`, {
          user: a.users.admin,
          params: p(web.id),
          body: { name: "Chat" },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(PATCH, "PATCH", `${base()}/${web.id}`, {
          user: a.users.admin,
          params: p(web.id),
          body: { agentId },
        })
      ).status,
    ).toBe(400);
    expect(
      (await call(DELETE, "DELETE", `${base()}/${web.id}`, { user: a.users.admin, params: p(web.id) }))
        .status,
    ).toBe(400);
    expect(
      (
        await call(rotate, "POST", `${base()}/${web.id}/rotate-token`, {
          user: a.users.admin,
          params: p(web.id),
        })
      ).status,
    ).toBe(400);
    expect(
      (await call(DELETE, "DELETE", `${base()}/${id}`, { user: a.users.admin, params: p(id) })).status,
    ).toBe(200);
    expect(
      (await call(getOne, "GET", `${base()}/${id}`, { user: a.users.admin, params: p(id) })).status,
    ).toBe(404);
  });

  it("/api/v1: an agents key lists and creates; another group's key is refused", async () => {
    const key = await makeKey(a.users.admin, a.id, ["read", "write", "agents"]);
    const made = await callV1(v1Create, "POST", "/inboxes", {
      key,
      body: { channel: "api", name: "Backend" },
    });
    expect(made.status).toBe(201);
    expect(made.json.webhook).toMatchObject({ url: expect.stringContaining("/api/channels/api/") });
    // The URL carries its secret token, shown once: never kept by a cache, on /api/v1 as on the web API.
    expect(made.headers.get("cache-control")).toBe("no-store");
    const id = (made.json.inbox as { id: string }).id;
    const rotated = await callV1(v1Rotate, "POST", `/inboxes/${id}/rotate-token`, { key, params: { id } });
    expect(rotated.status).toBe(200);
    expect(rotated.json.webhook).toMatchObject({ url: expect.stringContaining("/api/channels/api/") });
    expect(rotated.headers.get("cache-control")).toBe("no-store");
    const listed = await callV1(v1List, "GET", "/inboxes", { key });
    expect((listed.json.inboxes as { name: string }[]).map((i) => i.name)).toContain("Backend");
    const other = await makeKey(a.users.admin, a.id, ["read", "catalog"]);
    expect((await callV1(v1List, "GET", "/inboxes", { key: other })).status).toBe(403);
  });
});
