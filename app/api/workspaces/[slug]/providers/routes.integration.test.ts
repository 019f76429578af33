import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { call, seedRouteWorkspace, type TestWorkspace } from "../../../../../test/http/web-api-kit";
import { GET as listModels } from "../models/route";
import { DELETE, PATCH } from "./[id]/route";
import { POST as testConnection } from "./[id]/test/route";
import { GET as list, POST } from "./route";

const KEY = "sk-route-secret-key-31337";
let a: TestWorkspace;
let b: TestWorkspace;
let closedUrl: string;

const base = () => `/api/workspaces/${a.slug}/providers`;
const p = (extra: Record<string, string> = {}) => ({ slug: a.slug, ...extra });

beforeAll(async () => {
  // Loopback is allowlisted so it can be saved; the port was just freed, so nothing answers there.
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/v1`;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  [a, b] = await Promise.all([seedRouteWorkspace("prov-routes-a"), seedRouteWorkspace("prov-routes-b")]);
});

afterAll(closeDb);

describe("provider routes", () => {
  it("an admin creates a connection; viewers list it masked; the key never comes back", async () => {
    const created = await call(POST, "POST", base(), {
      user: a.users.admin,
      params: p(),
      body: {
        provider: "openai_compatible",
        name: "Local",
        baseUrl: closedUrl,
        models: ["m"],
        apiKey: KEY,
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.connection).toMatchObject({ name: "Local", hasApiKey: true, apiKeyHint: "••••1337" });
    const listed = await call(list, "GET", base(), { user: a.users.viewer, params: p() });
    expect(listed.status).toBe(200);
    expect((listed.json.connections as { name: string }[]).map((c) => c.name)).toEqual(["Local"]);
    const models = await call(listModels, "GET", `/api/workspaces/${a.slug}/models`, {
      user: a.users.viewer,
      params: p(),
    });
    expect((models.json.models as { id: string }[]).map((m) => m.id)).toContain("offline");
    for (const body of [created.json, listed.json, models.json])
      expect(JSON.stringify(body)).not.toContain(KEY);
  });

  it("refuses members (403), strangers (404), anonymous callers (401) and bad input (400)", async () => {
    const body = { provider: "openai", name: "X", apiKey: KEY };
    const member = await call(POST, "POST", base(), { user: a.users.member, params: p(), body });
    expect([member.status, member.code]).toEqual([403, "forbidden"]);
    const stranger = await call(list, "GET", base(), { user: b.users.owner, params: p() });
    expect([stranger.status, stranger.code]).toEqual([404, "not_found"]);
    expect((await call(list, "GET", base(), { params: p() })).status).toBe(401);
    const invalid = await call(POST, "POST", base(), {
      user: a.users.admin,
      params: p(),
      body: { provider: "openai_compatible", name: "No URL" },
    });
    expect([invalid.status, invalid.code]).toEqual([400, "validation_failed"]);
    const blocked = await call(POST, "POST", base(), {
      user: a.users.admin,
      params: p(),
      body: { provider: "openai_compatible", name: "Meta", baseUrl: "http://169.254.169.254/v1" },
    });
    expect([blocked.status, blocked.json.error]).toEqual([
      400,
      { code: "bad_request", message: "Blocked: 169.254.169.254 is a link-local address." },
    ]);
  });

  it("updates, tests and deletes by id; other workspaces' ids are not found", async () => {
    const created = await call(POST, "POST", base(), {
      user: a.users.admin,
      params: p(),
      body: { provider: "openai_compatible", name: "Temp", baseUrl: closedUrl, apiKey: KEY },
    });
    const id = (created.json.connection as { id: string }).id;
    const url = `${base()}/${id}`;
    const patched = await call(PATCH, "PATCH", url, {
      user: a.users.admin,
      params: p({ id }),
      body: { name: "Renamed" },
    });
    expect([patched.status, (patched.json.connection as { name: string }).name]).toEqual([200, "Renamed"]);

    const tested = await call(testConnection, "POST", `${url}/test`, {
      user: a.users.admin,
      params: p({ id }),
    });
    expect(tested.status).toBe(200);
    expect(tested.json).toMatchObject({ ok: false, error: expect.stringContaining("ECONNREFUSED") });
    expect(JSON.stringify(tested.json)).not.toContain(KEY);

    const foreign = await call(DELETE, "DELETE", `/api/workspaces/${b.slug}/providers/${id}`, {
      user: b.users.owner,
      params: { slug: b.slug, id },
    });
    expect([foreign.status, foreign.code]).toEqual([404, "not_found"]);
    const badId = await call(DELETE, "DELETE", `${base()}/nope`, {
      user: a.users.admin,
      params: p({ id: "nope" }),
    });
    expect([badId.status, badId.code]).toEqual([400, "validation_failed"]);
    const unknown = randomUUID();
    const missing = await call(DELETE, "DELETE", `${base()}/${unknown}`, {
      user: a.users.admin,
      params: p({ id: unknown }),
    });
    expect(missing.status).toBe(404);

    const deleted = await call(DELETE, "DELETE", url, { user: a.users.admin, params: p({ id }) });
    expect([deleted.status, deleted.json]).toEqual([200, { ok: true }]);
  });

  it("limits connection tests to 20 a minute per user: the 21st is a 429", async () => {
    const user = b.users.owner;
    const created = await call(POST, "POST", `/api/workspaces/${b.slug}/providers`, {
      user,
      params: { slug: b.slug },
      body: { provider: "openai_compatible", name: "Budget", baseUrl: closedUrl },
    });
    const id = (created.json.connection as { id: string }).id;
    const url = `/api/workspaces/${b.slug}/providers/${id}/test`;
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++)
      statuses.push((await call(testConnection, "POST", url, { user, params: { slug: b.slug, id } })).status);
    expect(statuses).toEqual(Array(20).fill(200));
    const limited = await call(testConnection, "POST", url, { user, params: { slug: b.slug, id } });
    expect([limited.status, limited.code]).toEqual([429, "rate_limited"]);
  });
});
