import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAgent } from "@/lib/agents";
import { closeDb } from "@/lib/db/client";
import { startTestMcpServer, type TestMcpServer } from "@/test/fakes/mcp-server-fake";
import { call, seedRouteWorkspace, type TestWorkspace } from "../../../../../test/http/web-api-kit";
import { GET as listGrants, PUT as putGrants } from "./[id]/grants/route";
import { POST as refresh } from "./[id]/refresh/route";
import { DELETE, GET as getOne, PATCH } from "./[id]/route";
import { GET as listForAgent, PUT as putForAgent } from "./agents/[agentId]/route";
import { GET as list, POST } from "./route";

const SECRET = "mcp-route-secret-key-90210";
let a: TestWorkspace;
let b: TestWorkspace;
let mcp: TestMcpServer;

const base = () => `/api/workspaces/${a.slug}/integrations`;
const p = (extra: Record<string, string> = {}) => ({ slug: a.slug, ...extra });
type View = {
  id: string;
  name: string;
  secretHint: string | null;
  hasSecret: boolean;
  tools: { name: string }[];
};

async function create(name: string, extra: Record<string, unknown> = {}) {
  const res = await call(POST, "POST", base(), {
    user: a.users.admin,
    params: p(),
    body: { name, url: mcp.url, authType: "bearer", secret: SECRET, ...extra },
  });
  return { ...res, integration: res.json.integration as View };
}

beforeAll(async () => {
  mcp = await startTestMcpServer();
  [a, b] = await Promise.all([seedRouteWorkspace("mcp-routes-a"), seedRouteWorkspace("mcp-routes-b")]);
});

beforeEach(() => {
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  mcp.setMode("ok");
});

afterAll(async () => {
  await mcp.stop();
  await closeDb();
});

describe("integration routes", () => {
  it("an admin registers a server; list and get show only the masked hint", async () => {
    const created = await create("Orders");
    expect(created.status).toBe(201);
    expect(created.integration).toMatchObject({ name: "Orders", hasSecret: true, secretHint: "••••0210" });
    expect(created.integration.tools.map((t) => t.name)).toContain("lookup_order");
    expect(mcp.requests.at(-1)?.headers.authorization).toBe(`Bearer ${SECRET}`);
    const id = created.integration.id;
    const listed = await call(list, "GET", base(), { user: a.users.admin, params: p() });
    const got = await call(getOne, "GET", `${base()}/${id}`, { user: a.users.owner, params: p({ id }) });
    const refreshed = await call(refresh, "POST", `${base()}/${id}/refresh`, {
      user: a.users.admin,
      params: p({ id }),
    });
    expect([listed.status, got.status, refreshed.status]).toEqual([200, 200, 200]);
    expect(refreshed.json).toMatchObject({ ok: true });
    for (const body of [created.json, listed.json, got.json, refreshed.json]) {
      const text = JSON.stringify(body);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain("ciphertext");
    }
  });

  it("refuses members and viewers (403), strangers (404) and anonymous callers (401)", async () => {
    const { integration } = await create("Guarded");
    const id = integration.id;
    for (const role of ["member", "viewer"] as const) {
      const user = a.users[role];
      const results = [
        await call(list, "GET", base(), { user, params: p() }),
        await call(POST, "POST", base(), { user, params: p(), body: { name: "X", url: mcp.url } }),
        await call(PATCH, "PATCH", `${base()}/${id}`, { user, params: p({ id }), body: { name: "X" } }),
        await call(DELETE, "DELETE", `${base()}/${id}`, { user, params: p({ id }) }),
        await call(refresh, "POST", `${base()}/${id}/refresh`, { user, params: p({ id }) }),
        await call(putGrants, "PUT", `${base()}/${id}/grants`, {
          user,
          params: p({ id }),
          body: { grants: [] },
        }),
      ];
      expect(results.map((r) => [r.status, r.code])).toEqual(Array(6).fill([403, "forbidden"]));
    }
    const stranger = await call(getOne, "GET", `${base()}/${id}`, { user: b.users.owner, params: p({ id }) });
    expect([stranger.status, stranger.code]).toEqual([404, "not_found"]);
    const viaOwnSlug = await call(getOne, "GET", `/api/workspaces/${b.slug}/integrations/${id}`, {
      user: b.users.owner,
      params: { slug: b.slug, id },
    });
    expect([viaOwnSlug.status, viaOwnSlug.code]).toEqual([404, "not_found"]);
    expect((await call(list, "GET", base(), { params: p() })).status).toBe(401);
  });

  it("answers bad input with 4xx, a code and a message", async () => {
    const cases = [
      { body: { name: "", url: "not a url" }, status: 400, code: "validation_failed" },
      { body: { name: "X", url: mcp.url, authType: "bearer" }, status: 400, code: "validation_failed" },
      { body: { name: "X", url: mcp.url, authType: "basic" }, status: 400, code: "validation_failed" },
      { body: "{not json", status: 400, code: "invalid_json" },
    ];
    for (const c of cases) {
      const res = await call(POST, "POST", base(), { user: a.users.admin, params: p(), body: c.body });
      expect([res.status, res.code]).toEqual([c.status, c.code]);
      expect(typeof (res.json.error as { message?: string }).message).toBe("string");
    }
    delete process.env.SSRF_ALLOWLIST;
    const blocked = await call(POST, "POST", base(), {
      user: a.users.admin,
      params: p(),
      body: { name: "Private", url: "http://10.0.0.8/mcp" },
    });
    expect([blocked.status, blocked.json.error]).toEqual([
      400,
      { code: "bad_request", message: "Blocked: 10.0.0.8 is a private address." },
    ]);
    process.env.SSRF_ALLOWLIST = "127.0.0.1";
    const dup = await create("Dup");
    expect(dup.status).toBe(201);
    const again = await create("Dup");
    expect([again.status, again.code]).toEqual([409, "conflict"]);
    const badId = await call(getOne, "GET", `${base()}/nope`, {
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
  });

  it("grants tools per integration and per agent, then deletes", async () => {
    const { integration } = await create("Granting");
    const id = integration.id;
    const agent = await createAgent(a.users.member.scope(a.id), { name: "Support" });
    const url = `${base()}/${id}/grants`;
    const bad = await call(putGrants, "PUT", url, {
      user: a.users.admin,
      params: p({ id }),
      body: { grants: [{ agentId: agent.id, tools: ["missing_tool"] }] },
    });
    expect([bad.status, bad.code]).toEqual([400, "validation_failed"]);
    const put = await call(putGrants, "PUT", url, {
      user: a.users.admin,
      params: p({ id }),
      body: { grants: [{ agentId: agent.id, tools: ["lookup_order"] }] },
    });
    expect([put.status, put.json.grants]).toEqual([
      200,
      [{ agentId: agent.id, integrationId: id, tools: ["lookup_order"] }],
    ]);
    const got = await call(listGrants, "GET", url, { user: a.users.admin, params: p({ id }) });
    expect(got.json.grants).toEqual(put.json.grants);
    const agentUrl = `${base()}/agents/${agent.id}`;
    const cleared = await call(putForAgent, "PUT", agentUrl, {
      user: a.users.admin,
      params: p({ agentId: agent.id }),
      body: { grants: [] },
    });
    expect([cleared.status, cleared.json.grants]).toEqual([200, []]);
    const forAgent = await call(listForAgent, "GET", agentUrl, {
      user: a.users.admin,
      params: p({ agentId: agent.id }),
    });
    expect(forAgent.json.grants).toEqual([]);
    const foreignAgent = await call(listForAgent, "GET", agentUrl, {
      user: b.users.owner,
      params: { slug: b.slug, agentId: agent.id },
    });
    expect([foreignAgent.status, foreignAgent.code]).toEqual([404, "not_found"]);

    const patched = await call(PATCH, "PATCH", `${base()}/${id}`, {
      user: a.users.admin,
      params: p({ id }),
      body: { enabled: false },
    });
    expect([patched.status, (patched.json.integration as { enabled: boolean }).enabled]).toEqual([
      200,
      false,
    ]);
    const deleted = await call(DELETE, "DELETE", `${base()}/${id}`, {
      user: a.users.admin,
      params: p({ id }),
    });
    expect([deleted.status, deleted.json]).toEqual([200, { ok: true }]);
  });

  it("create, change and refresh share one connect budget per user: 429 once spent, reads unaffected", async () => {
    const user = b.users.owner;
    const at = `/api/workspaces/${b.slug}/integrations`;
    const created = await call(POST, "POST", at, {
      user,
      params: { slug: b.slug },
      body: { name: "Budget", url: mcp.url },
    });
    expect(created.status).toBe(201);
    const id = (created.json.integration as View).id;
    const params = { slug: b.slug, id };
    const refreshes: number[] = [];
    for (let i = 0; i < 29; i++)
      refreshes.push((await call(refresh, "POST", `${at}/${id}/refresh`, { user, params })).status);
    expect(refreshes).toEqual(Array(29).fill(200));
    const limited = [
      await call(refresh, "POST", `${at}/${id}/refresh`, { user, params }),
      await call(PATCH, "PATCH", `${at}/${id}`, { user, params, body: { name: "Budget 2" } }),
      await call(POST, "POST", at, { user, params: { slug: b.slug }, body: { name: "More", url: mcp.url } }),
    ];
    expect(limited.map((r) => [r.status, r.code])).toEqual(Array(3).fill([429, "rate_limited"]));
    expect((await call(getOne, "GET", `${at}/${id}`, { user, params })).status).toBe(200);
  });
});
