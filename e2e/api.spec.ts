import { expect, test } from "@playwright/test";
import { uniqueEmail } from "./helpers";

// HTTP-level checks run in the desktop project only (see playwright.config.ts).

test("health reports app and database", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.status).toBe("ok");
  expect(body.database.status).toBe("ok");
  expect(body.database.migrations).toBeGreaterThanOrEqual(1);
});

test("security headers are set", async ({ request }) => {
  const res = await request.get("/sign-in");
  const h = res.headers();
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["x-powered-by"]).toBeUndefined();
});

test("bad input gets a clear 4xx JSON error, never a 500", async ({ request, baseURL }) => {
  const origin = baseURL as string;
  const email = uniqueEmail("bad-input");
  const signUp = await request.post("/api/auth/sign-up", {
    data: { email, password: "bad-input-password" },
    headers: { origin },
  });
  expect(signUp.status()).toBe(201);
  const { workspace } = await signUp.json();

  const cases: { name: string; send: () => ReturnType<typeof request.post>; status: number; code: string }[] =
    [
      {
        name: "malformed JSON",
        send: () =>
          request.post("/api/workspaces", {
            data: Buffer.from("{not json"),
            headers: { origin, "content-type": "application/json" },
          }),
        status: 400,
        code: "invalid_json",
      },
      {
        name: "missing fields",
        send: () => request.post("/api/workspaces", { data: {}, headers: { origin } }),
        status: 400,
        code: "validation_failed",
      },
      {
        name: "wrong types",
        send: () => request.post("/api/workspaces", { data: { name: 42, slug: ["x"] }, headers: { origin } }),
        status: 400,
        code: "validation_failed",
      },
      {
        name: "invalid slug",
        send: () =>
          request.post("/api/workspaces", { data: { name: "X", slug: "Not A Slug!" }, headers: { origin } }),
        status: 400,
        code: "validation_failed",
      },
      {
        name: "oversized body",
        send: () =>
          request.post("/api/workspaces", { data: { name: "x".repeat(200_000) }, headers: { origin } }),
        status: 413,
        code: "payload_too_large",
      },
      {
        name: "wrong content type",
        send: () =>
          request.post("/api/workspaces", {
            data: "name=x",
            headers: { origin, "content-type": "text/plain" },
          }),
        status: 415,
        code: "unsupported_media_type",
      },
      {
        name: "unknown workspace slug",
        send: () =>
          request.post("/api/workspaces/no-such-workspace-here/invitations", {
            data: { email: "a@b.co", role: "member" },
            headers: { origin },
          }),
        status: 404,
        code: "not_found",
      },
      {
        name: "slug with path tricks",
        send: () => request.post("/api/workspaces/..%2F..%2Fetc/leave", { headers: { origin } }),
        status: 404,
        code: "not_found",
      },
      {
        name: "invalid member id",
        send: () =>
          request.delete(`/api/workspaces/${workspace.slug}/members/not-a-uuid`, { headers: { origin } }),
        status: 400,
        code: "validation_failed",
      },
      {
        name: "foreign origin",
        send: () =>
          request.post("/api/workspaces", {
            data: { name: "X" },
            headers: { origin: "https://evil.example" },
          }),
        status: 403,
        code: "bad_origin",
      },
      {
        name: "unknown API route",
        send: () => request.post("/api/does-not-exist", { data: {}, headers: { origin } }),
        status: 404,
        code: "not_found",
      },
      // The chat turn is answered by the app server itself (server/direct-routes.ts), not
      // through Next's router: the same errors, from the same handler.
      {
        name: "chat: malformed JSON",
        send: () =>
          request.post(`/api/workspaces/${workspace.slug}/chat`, {
            data: Buffer.from("{not json"),
            headers: { origin, "content-type": "application/json" },
          }),
        status: 400,
        code: "invalid_json",
      },
      {
        name: "chat: invalid agent id",
        send: () =>
          request.post(`/api/workspaces/${workspace.slug}/chat`, {
            data: { agentId: "nope", text: "hi" },
            headers: { origin },
          }),
        status: 400,
        code: "validation_failed",
      },
      {
        name: "chat: unknown workspace",
        send: () =>
          request.post("/api/workspaces/no-such-workspace-here/chat", {
            data: { agentId: "00000000-0000-4000-8000-000000000000", text: "hi" },
            headers: { origin },
          }),
        status: 404,
        code: "not_found",
      },
      {
        name: "chat: foreign origin",
        send: () =>
          request.post(`/api/workspaces/${workspace.slug}/chat`, {
            data: { agentId: "00000000-0000-4000-8000-000000000000", text: "hi" },
            headers: { origin: "https://evil.example" },
          }),
        status: 403,
        code: "bad_origin",
      },
      {
        name: "chat: wrong method (left to Next)",
        send: () => request.put(`/api/workspaces/${workspace.slug}/chat`, { data: {}, headers: { origin } }),
        status: 405,
        code: "method_not_allowed",
      },
      {
        name: "invalid invitation token",
        send: () =>
          request.post("/api/invitations/accept", { data: { token: "x".repeat(43) }, headers: { origin } }),
        status: 404,
        code: "not_found",
      },
    ];
  for (const c of cases) {
    const res = await c.send();
    // Direct routes and Next's alike carry the security headers.
    expect(res.headers()["x-content-type-options"], c.name).toBe("nosniff");
    expect(res.headers()["content-security-policy"], c.name).toContain("frame-ancestors 'none'");
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(res.status(), c.name).toBe(c.status);
    expect(body.error.code, c.name).toBe(c.code);
    expect(typeof body.error.message, c.name).toBe("string");
    expect(JSON.stringify(body), c.name).not.toMatch(/at .*\.(ts|js):\d+|stack/i);
  }

  // Nothing already stored was lost or changed by the failed requests.
  const ws = await request.get(`/api/workspaces/${workspace.slug}`);
  expect(ws.status()).toBe(200);
  expect((await ws.json()).workspace.name).toBe(workspace.name);
  const list = await request.get("/api/workspaces");
  expect((await list.json()).workspaces).toHaveLength(1);
});

test("signed-out requests get 401, and sign-in is rate-limited with 429", async ({ playwright, baseURL }) => {
  const anon = await playwright.request.newContext({ baseURL });
  expect((await anon.get("/api/workspaces")).status()).toBe(401);
  const email = uniqueEmail("limited");
  const origin = baseURL as string;
  await anon.post("/api/auth/sign-up", {
    data: { email, password: "limited-password" },
    headers: { origin },
  });
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++) {
    const res = await anon.post("/api/auth/sign-in", {
      data: { email, password: "wrong-password" },
      headers: { origin },
    });
    statuses.push(res.status());
    if (res.status() === 429) {
      expect(res.headers()["retry-after"]).toMatch(/^\d+$/);
      expect((await res.json()).error.code).toBe("rate_limited");
    }
  }
  expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
  expect(statuses.at(-1)).toBe(429);
  await anon.dispose();
});

test("the OpenAPI document is public and unknown /api/v1 paths answer JSON 404", async ({ request }) => {
  const doc = await request.get("/api/v1/openapi.json");
  expect(doc.status()).toBe(200);
  const body = await doc.json();
  expect(body.openapi).toBe("3.1.0");
  expect(Object.keys(body.paths)).toContain("/agents/{id}");

  const missing = await request.get("/api/v1/nope");
  expect(missing.status()).toBe(404);
  expect((await missing.json()).error.code).toBe("not_found");
  const noKey = await request.get("/api/v1/agents");
  expect(noKey.status()).toBe(401);
  expect(noKey.headers()["www-authenticate"]).toBe('Bearer realm="switchboard"');
});
