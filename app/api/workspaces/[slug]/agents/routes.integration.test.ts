import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentPresets, createAgent } from "@/lib/agents";
import { closeDb } from "@/lib/db/client";
import { call, seedRouteWorkspace, type TestWorkspace } from "../../../../../test/http/web-api-kit";
import { DELETE, GET as getOne, PATCH } from "./[id]/route";
import { GET as getVersion } from "./[id]/versions/[version]/route";
import { GET as listVersions } from "./[id]/versions/route";
import { GET as list, POST } from "./route";

let a: TestWorkspace;
let b: TestWorkspace;
let foreignAgent: string;

const base = () => `/api/workspaces/${a.slug}/agents`;
const p = (id?: string, extra: Record<string, string> = {}) => ({
  slug: a.slug,
  ...(id === undefined ? {} : { id }),
  ...extra,
});

beforeAll(async () => {
  // env() is read once per file: the 127.0.0.1 endpoint case needs the real SSRF rules.
  delete process.env.SSRF_ALLOWLIST;
  [a, b] = await Promise.all([seedRouteWorkspace("agents-routes-a"), seedRouteWorkspace("agents-routes-b")]);
  foreignAgent = (await createAgent(b.users.member.scope(b.id), { name: "B's agent" })).id;
});

afterAll(closeDb);

describe("POST/GET /agents", () => {
  it("a member creates an agent with the type's preset; a viewer lists it", async () => {
    const res = await call(POST, "POST", base(), {
      user: a.users.member,
      params: p(),
      body: { name: "Support bot", type: "support" },
    });
    expect(res.status).toBe(201);
    expect(res.json.agent).toMatchObject({
      name: "Support bot",
      type: "support",
      instructions: agentPresets.support.instructions,
      tools: ["tag_conversation", "web_fetch"],
      version: 1,
    });
    const listed = await call(list, "GET", base(), { user: a.users.viewer, params: p() });
    expect(listed.status).toBe(200);
    expect((listed.json.agents as { name: string }[]).map((x) => x.name)).toContain("Support bot");
    expect(JSON.stringify(listed.json)).not.toContain("B's agent");
  });

  it("answers 400 for malformed JSON and invalid fields, never 500", async () => {
    const cases: [unknown, string][] = [
      ["{not json", "invalid_json"],
      [{ name: "x", tools: ["shell"] }, "validation_failed"],
      [{ name: "x", externalTimeoutMs: "fast" }, "validation_failed"],
      [{ name: "x", providerConnectionId: "abc" }, "validation_failed"],
      [{ name: "x", providerConnectionId: randomUUID() }, "validation_failed"],
      [{ name: "x", externalEndpointUrl: "http://127.0.0.1:9/x" }, "bad_request"],
      [[], "validation_failed"],
    ];
    for (const [body, code] of cases) {
      const res = await call(POST, "POST", base(), { user: a.users.member, params: p(), body });
      expect({ body, status: res.status, code: res.code }).toEqual({ body, status: 400, code });
    }
  });

  it("refuses viewers (403), strangers (404) and anonymous callers (401)", async () => {
    const viewer = await call(POST, "POST", base(), {
      user: a.users.viewer,
      params: p(),
      body: { name: "v" },
    });
    expect([viewer.status, viewer.code]).toEqual([403, "forbidden"]);
    const stranger = await call(list, "GET", base(), { user: b.users.owner, params: p() });
    expect([stranger.status, stranger.code]).toEqual([404, "not_found"]);
    const anon = await call(list, "GET", base(), { params: p() });
    expect(anon.status).toBe(401);
  });
});

describe("/agents/[id]", () => {
  it("PATCH bumps the version only on a real change; GET and versions reflect it", async () => {
    const { id } = await createAgent(a.users.member.scope(a.id), { name: "Patchy" });
    const url = `${base()}/${id}`;
    const first = await call(PATCH, "PATCH", url, {
      user: a.users.member,
      params: p(id),
      body: { ragEnabled: true, ragTopK: 8 },
    });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ version: 2, changed: true, agent: { ragEnabled: true, ragTopK: 8 } });
    const again = await call(PATCH, "PATCH", url, {
      user: a.users.member,
      params: p(id),
      body: { ragEnabled: true },
    });
    expect(again.json).toMatchObject({ version: 2, changed: false });
    const got = await call(getOne, "GET", url, { user: a.users.viewer, params: p(id) });
    expect(got.json.agent).toMatchObject({ id, version: 2, ragTopK: 8 });
    const versions = await call(listVersions, "GET", `${url}/versions`, {
      user: a.users.viewer,
      params: p(id),
    });
    expect((versions.json.versions as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);
    const v1 = await call(getVersion, "GET", `${url}/versions/1`, {
      user: a.users.viewer,
      params: p(id, { version: "1" }),
    });
    expect(v1.json.version).toMatchObject({ version: 1, config: { ragEnabled: false, ragTopK: 5 } });
  });

  it("welcomeMessage round-trips: created, read, changed as a new version that freezes it, limited to 500", async () => {
    const created = await call(POST, "POST", base(), {
      user: a.users.member,
      params: p(),
      body: { name: "Greeter", welcomeMessage: "  Hi! Ask me about returns.  " },
    });
    expect(created.status).toBe(201);
    const id = (created.json.agent as { id: string }).id;
    expect(created.json.agent).toMatchObject({ welcomeMessage: "Hi! Ask me about returns.", version: 1 });
    const url = `${base()}/${id}`;
    const got = await call(getOne, "GET", url, { user: a.users.viewer, params: p(id) });
    expect(got.json.agent).toMatchObject({ welcomeMessage: "Hi! Ask me about returns." });

    const changed = await call(PATCH, "PATCH", url, {
      user: a.users.member,
      params: p(id),
      body: { welcomeMessage: "Hello again." },
    });
    expect(changed.json).toMatchObject({
      version: 2,
      changed: true,
      agent: { welcomeMessage: "Hello again." },
    });
    const v1 = await call(getVersion, "GET", `${url}/versions/1`, {
      user: a.users.viewer,
      params: p(id, { version: "1" }),
    });
    expect(v1.json.version).toMatchObject({ config: { welcomeMessage: "Hi! Ask me about returns." } });
    const v2 = await call(getVersion, "GET", `${url}/versions/2`, {
      user: a.users.viewer,
      params: p(id, { version: "2" }),
    });
    expect(v2.json.version).toMatchObject({ config: { welcomeMessage: "Hello again." } });

    for (const welcomeMessage of ["x".repeat(501), 42, null]) {
      const res = await call(PATCH, "PATCH", url, {
        user: a.users.member,
        params: p(id),
        body: { welcomeMessage },
      });
      expect({ welcomeMessage, status: res.status, code: res.code }).toEqual({
        welcomeMessage,
        status: 400,
        code: "validation_failed",
      });
    }
    const after = await call(getOne, "GET", url, { user: a.users.viewer, params: p(id) });
    expect(after.json.agent).toMatchObject({ welcomeMessage: "Hello again.", version: 2 });
  });

  it("400 for a malformed id, version or body; 404 for unknown and foreign ids", async () => {
    const bad = await call(getOne, "GET", `${base()}/nope`, { user: a.users.viewer, params: p("nope") });
    expect([bad.status, bad.code]).toEqual([400, "validation_failed"]);
    const badVersion = await call(getVersion, "GET", "", {
      user: a.users.viewer,
      params: p(foreignAgent, { version: "latest" }),
    });
    expect(badVersion.status).toBe(400);
    for (const id of [foreignAgent, randomUUID()]) {
      const opts = { user: a.users.admin, params: p(id) };
      expect((await call(getOne, "GET", "", opts)).status).toBe(404);
      expect((await call(PATCH, "PATCH", "", { ...opts, body: { name: "mine" } })).status).toBe(404);
      expect((await call(DELETE, "DELETE", "", opts)).status).toBe(404);
      expect((await call(listVersions, "GET", "", opts)).status).toBe(404);
      expect((await call(getVersion, "GET", "", { ...opts, params: p(id, { version: "1" }) })).status).toBe(
        404,
      );
    }
    const { id } = await createAgent(a.users.member.scope(a.id), { name: "Body checks" });
    const unknownField = await call(PATCH, "PATCH", "", {
      user: a.users.member,
      params: p(id),
      body: { version: 7 },
    });
    expect([unknownField.status, unknownField.code]).toEqual([400, "validation_failed"]);
    const badJson = await call(PATCH, "PATCH", "", { user: a.users.member, params: p(id), body: "{" });
    expect([badJson.status, badJson.code]).toEqual([400, "invalid_json"]);
  });

  it("viewers cannot PATCH, members cannot DELETE (403); admins delete", async () => {
    const { id } = await createAgent(a.users.member.scope(a.id), { name: "Keep me" });
    const patch = await call(PATCH, "PATCH", "", {
      user: a.users.viewer,
      params: p(id),
      body: { name: "x" },
    });
    expect([patch.status, patch.code]).toEqual([403, "forbidden"]);
    const del = await call(DELETE, "DELETE", "", { user: a.users.member, params: p(id) });
    expect([del.status, del.code]).toEqual([403, "forbidden"]);
    const ok = await call(DELETE, "DELETE", "", { user: a.users.admin, params: p(id) });
    expect([ok.status, ok.json]).toEqual([200, { ok: true }]);
    expect((await call(getOne, "GET", "", { user: a.users.admin, params: p(id) })).status).toBe(404);
  });
});
