import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createAgentV1, GET as listAgentsV1 } from "@/app/api/v1/agents/route";
import { hashApiKeySecret } from "@/lib/api-keys";
import { closeDb } from "@/lib/db/client";
import { runAsService } from "@/lib/db/rls";
import { callV1, makeKey } from "@/test/http/v1-api-kit";
import { APP, call, seedRouteWorkspace, type TestWorkspace } from "../../../../../test/http/web-api-kit";
import { DELETE, PATCH } from "./[id]/route";
import { GET as list, POST } from "./route";

// API key lifecycle through the session routes, checked end to end by using
// each key against /api/v1 the way a client would.

const RATE_LIMIT = 8;
let a: TestWorkspace;
let b: TestWorkspace;

const base = () => `/api/workspaces/${a.slug}/api-keys`;
const ALL = ["write", "agents", "chat", "conversations", "catalog", "usage"] as const;

async function create(body: unknown, ws = a) {
  return call(POST, "POST", `/api/workspaces/${ws.slug}/api-keys`, {
    user: ws.users.admin,
    params: { slug: ws.slug },
    body,
  });
}

const agentsWith = (key?: string) => callV1(listAgentsV1, "GET", "/agents", { key });

beforeAll(async () => {
  // env() is read once per file, on first use: set the per-key budget before anything reads it.
  process.env.API_RATE_LIMIT = String(RATE_LIMIT);
  [a, b] = await Promise.all([seedRouteWorkspace("keys-a"), seedRouteWorkspace("keys-b")]);
});

afterAll(closeDb);

describe("create and list", () => {
  it("shows the secret once, lists only the prefix, and stores only a hash", async () => {
    const res = await create({ name: "CI", scopes: ["read", "agents"] });
    expect(res.status).toBe(201);
    const secret = res.json.secret as string;
    const key = res.json.key as { id: string; prefix: string; createdByEmail: string; active: boolean };
    expect(secret).toMatch(/^sbk_[A-Za-z0-9]{8}_[A-Za-z0-9]{40}$/);
    expect(secret.startsWith(`${key.prefix}_`)).toBe(true);
    expect(key.active).toBe(true);

    const listed = await call(list, "GET", base(), { user: a.users.admin, params: { slug: a.slug } });
    expect(listed.status).toBe(200);
    const text = JSON.stringify(listed.json);
    expect(text).toContain(key.prefix);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(hashApiKeySecret(secret));
    expect(text).not.toContain("secret");

    const row = await runAsService("test:key-row", (tx) =>
      sql<{ secret_hash: string; all: string }>`
        select secret_hash, row_to_json(k)::text as all from public.api_keys k where id = ${key.id}`.execute(
        tx,
      ),
    );
    expect(row.rows[0]?.secret_hash).toBe(hashApiKeySecret(secret));
    expect(row.rows[0]?.all).not.toContain(secret.slice(13));
  });

  it("refuses members (403), other workspaces (404) and anonymous callers (401)", async () => {
    const body = { name: "x", scopes: ["read", "agents"] };
    const member = await call(POST, "POST", base(), { user: a.users.member, params: { slug: a.slug }, body });
    expect([member.status, member.code]).toEqual([403, "forbidden"]);
    const memberList = await call(list, "GET", base(), { user: a.users.member, params: { slug: a.slug } });
    expect(memberList.status).toBe(403);
    const stranger = await call(list, "GET", base(), { user: b.users.owner, params: { slug: a.slug } });
    expect([stranger.status, stranger.code]).toEqual([404, "not_found"]);
    const anon = await call(list, "GET", base(), { params: { slug: a.slug } });
    expect(anon.status).toBe(401);
  });

  it("answers 400 for bad JSON, unknown fields, missing access or group, and past expiry", async () => {
    const cases: unknown[] = [
      "{nope",
      { name: "x", scopes: ["read", "agents"], admin: true },
      { name: "x", scopes: ["agents"] },
      { name: "x", scopes: ["read"] },
      { name: "x", scopes: ["read", "root"] },
      { name: "", scopes: ["read", "agents"] },
      { name: "x", scopes: ["read", "agents"], expiresAt: new Date(Date.now() - 60_000).toISOString() },
      { name: "x", scopes: "read" },
    ];
    for (const body of cases) {
      const res = await create(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
  });

  it("limits creations to 30 a minute per admin (then 429)", async () => {
    const c = await seedRouteWorkspace("keys-rate");
    const body = { name: "burst", scopes: ["read", "usage"] };
    for (let i = 0; i < 30; i++) expect((await create(body, c)).status).toBe(201);
    const limited = await create(body, c);
    expect([limited.status, limited.code]).toEqual([429, "rate_limited"]);
  });

  it("keeps the answer that carries the secret out of every cache (no-store)", async () => {
    const req = new Request(`${APP}${base()}`, {
      method: "POST",
      headers: { origin: APP, cookie: a.users.admin.cookie, "content-type": "application/json" },
      body: JSON.stringify({ name: "cached?", scopes: ["read", "usage"] }),
    });
    const res = await POST(req, { params: Promise.resolve({ slug: a.slug }) });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const listed = await list(new Request(`${APP}${base()}`, { headers: { cookie: a.users.admin.cookie } }), {
      params: Promise.resolve({ slug: a.slug }),
    });
    expect(listed.headers.get("cache-control")).toBeNull();
  });
});

describe("using, renaming and revoking", () => {
  it("a key works until it is revoked, then the very next request is 401", async () => {
    const created = await create({ name: "Zapier", scopes: ["read", "agents"] });
    const { id } = created.json.key as { id: string };
    const secret = created.json.secret as string;
    expect((await agentsWith(secret)).status).toBe(200);

    const renamed = await call(PATCH, "PATCH", `${base()}/${id}`, {
      user: a.users.admin,
      params: { slug: a.slug, id },
      body: { name: "Zapier prod" },
    });
    expect([renamed.status, (renamed.json.key as { name: string }).name]).toEqual([200, "Zapier prod"]);

    const revoked = await call(DELETE, "DELETE", `${base()}/${id}`, {
      user: a.users.admin,
      params: { slug: a.slug, id },
    });
    expect(revoked.status).toBe(200);
    expect(revoked.json.key).toMatchObject({ active: false, revokedAt: expect.any(String) });

    const after = await agentsWith(secret);
    expect([after.status, after.code]).toEqual([401, "unauthorized"]);
    expect(after.json.error?.message).toMatch(/revoked/);
    expect(after.headers.get("www-authenticate")).toBe('Bearer realm="switchboard", error="invalid_token"');

    // Revoking twice is a no-op; foreign and malformed ids are 404.
    const again = await call(DELETE, "DELETE", `${base()}/${id}`, {
      user: a.users.admin,
      params: { slug: a.slug, id },
    });
    expect(again.status).toBe(200);
    const foreign = await call(DELETE, "DELETE", `/api/workspaces/${b.slug}/api-keys/${id}`, {
      user: b.users.admin,
      params: { slug: b.slug, id },
    });
    expect(foreign.status).toBe(404);
    const bad = await call(DELETE, "DELETE", `${base()}/nope`, {
      user: a.users.admin,
      params: { slug: a.slug, id: "nope" },
    });
    expect(bad.status).toBe(400);
  });

  it("audits creation, rename and revocation", async () => {
    const rows = await runAsService("test:key-audit", (tx) =>
      tx
        .selectFrom("audit_log")
        .select("action")
        .where("workspace_id", "=", a.id)
        .where("target_type", "=", "api_key")
        .execute(),
    );
    const actions = new Set(rows.map((r) => r.action));
    expect(actions).toEqual(new Set(["api_key.created", "api_key.renamed", "api_key.revoked"]));
  });

  it("no key, a malformed key and an unknown key are 401 with a Bearer challenge", async () => {
    const none = await agentsWith();
    expect([none.status, none.headers.get("www-authenticate")]).toEqual([401, 'Bearer realm="switchboard"']);
    expect((await agentsWith("sbk_short")).status).toBe(401);
    expect((await agentsWith(`sbk_AAAAAAAA_${"B".repeat(40)}`)).status).toBe(401);
    const basic = await callV1(listAgentsV1, "GET", "/agents", {
      headers: { authorization: "Basic Zm9vOmJhcg==" },
    });
    expect(basic.status).toBe(401);
  });

  it("an expired key is 401", async () => {
    const created = await create({
      name: "short-lived",
      scopes: ["read", "agents"],
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    const secret = created.json.secret as string;
    expect((await agentsWith(secret)).status).toBe(200);
    const { id } = created.json.key as { id: string };
    await runAsService("test:expire-key", (tx) =>
      tx
        .updateTable("api_keys")
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where("id", "=", id)
        .execute(),
    );
    const res = await agentsWith(secret);
    expect([res.status, res.json.error?.message]).toEqual([401, "This API key has expired."]);
  });
});

describe("creator and scopes", () => {
  it("a key stops working when its creator leaves, and is capped by the creator's current role", async () => {
    const c = await seedRouteWorkspace("keys-creator");
    const secret = await makeKey(c.users.admin, c.id, [...ALL]);
    const body = { name: "made by key" };
    expect((await callV1(createAgentV1, "POST", "/agents", { key: secret, body })).status).toBe(201);

    // Demoted to viewer: the key keeps reading but can no longer write.
    const setRole = (role: "viewer") =>
      runAsService("test:demote", (tx) =>
        tx
          .updateTable("workspace_members")
          .set({ role })
          .where("workspace_id", "=", c.id)
          .where("user_id", "=", c.users.admin.id)
          .execute(),
      );
    await setRole("viewer");
    expect((await agentsWith(secret)).status).toBe(200);
    const denied = await callV1(createAgentV1, "POST", "/agents", { key: secret, body });
    expect([denied.status, denied.code]).toEqual([403, "forbidden"]);

    await runAsService("test:remove-creator", (tx) =>
      tx
        .deleteFrom("workspace_members")
        .where("workspace_id", "=", c.id)
        .where("user_id", "=", c.users.admin.id)
        .execute(),
    );
    const gone = await agentsWith(secret);
    expect([gone.status, gone.json.error?.message]).toEqual([
      401,
      "The person who created this API key is no longer a member.",
    ]);
  });

  it("scopes are enforced per endpoint with 403 naming the missing scope", async () => {
    const readOnly = await makeKey(a.users.admin, a.id, ["read", "agents"]);
    const post = await callV1(createAgentV1, "POST", "/agents", { key: readOnly, body: { name: "nope" } });
    expect([post.status, post.code]).toEqual([403, "forbidden"]);
    expect(post.json.error).toMatchObject({ details: { required: ["write", "agents"] } });

    const otherGroup = await makeKey(a.users.admin, a.id, ["write", "conversations"]);
    const get = await agentsWith(otherGroup);
    expect([get.status, get.json.error]).toEqual([
      403,
      expect.objectContaining({ details: { required: ["read", "agents"] } }),
    ]);
  });

  it("each key has its own per-minute budget: 429 with Retry-After once spent", async () => {
    const spent = await makeKey(a.users.admin, a.id, ["read", "agents"]);
    const fresh = await makeKey(a.users.admin, a.id, ["read", "agents"]);
    for (let i = 0; i < RATE_LIMIT; i++) expect((await agentsWith(spent)).status).toBe(200);
    const limited = await agentsWith(spent);
    expect([limited.status, limited.code]).toEqual([429, "rate_limited"]);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await agentsWith(fresh)).status).toBe(200);
  });

  it("another workspace's keys never appear in this workspace's list", async () => {
    const res = await create({ name: "B key", scopes: ["read", "agents"] }, b);
    expect(res.status).toBe(201);
    const listedInA = await call(list, "GET", base(), { user: a.users.admin, params: { slug: a.slug } });
    const ids = (listedInA.json.keys as { id: string }[]).map((k) => k.id);
    expect(ids).not.toContain((res.json.key as { id: string }).id);
  });
});
