import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "@/lib/agents";
import { startConversation } from "@/lib/conversations";
import { closeDb } from "@/lib/db/client";
import { runAsUser } from "@/lib/db/rls";
import { seedRouteWorkspace, type TestWorkspace } from "@/test/http/web-api-kit";
import { callV1, makeKey } from "../../../test/http/v1-api-kit";
import { DELETE as deleteAgent, GET as getAgent, PATCH as patchAgent } from "./agents/[id]/route";
import { POST as createAgentRoute, GET as listAgents, PUT as putAgents } from "./agents/route";
import { GET as listMessages } from "./conversations/[id]/messages/route";
import { GET as getConversation, PATCH as patchConversation } from "./conversations/[id]/route";
import { GET as listConversations } from "./conversations/route";

// /api/v1 agents and conversations with real keys against the real database:
// the same lib functions as the session API, confined to the key's workspace.

let a: TestWorkspace;
let b: TestWorkspace;
let writeKey: string;
let readKey: string;
let bAgent: string;
let bConversation: string;
let aAgent: string;
let aConversation: string;

beforeAll(async () => {
  [a, b] = await Promise.all([seedRouteWorkspace("v1-a"), seedRouteWorkspace("v1-b")]);
  writeKey = await makeKey(a.users.admin, a.id, ["write", "agents", "conversations"]);
  readKey = await makeKey(a.users.admin, a.id, ["read", "agents", "conversations"]);
  const bScope = b.users.member.scope(b.id);
  bAgent = (await createAgent(bScope, { name: "B agent" })).id;
  bConversation = (await startConversation(bScope, { agentId: bAgent, title: "B secret" })).id;
  const aScope = a.users.member.scope(a.id);
  aAgent = (await createAgent(aScope, { name: "A agent" })).id;
  aConversation = (await startConversation(aScope, { agentId: aAgent, title: "A chat" })).id;
  await runAsUser(aScope.claims, (tx) =>
    tx
      .insertInto("messages")
      .values(
        ["first", "second", "third"].map((text) => ({
          workspace_id: a.id,
          conversation_id: aConversation,
          role: "user" as const,
          parts: JSON.stringify([{ type: "text", text }]),
          created_by: a.users.member.id,
        })),
      )
      .execute(),
  );
});

afterAll(closeDb);

describe("agents", () => {
  it("creates, lists, reads, updates and deletes an agent", async () => {
    const created = await callV1(createAgentRoute, "POST", "/agents", {
      key: writeKey,
      body: { name: "API bot", type: "support" },
    });
    expect(created.status).toBe(201);
    const id = (created.json.agent as { id: string }).id;

    const listed = await callV1(listAgents, "GET", "/agents", { key: readKey });
    const names = (listed.json.agents as { name: string }[]).map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(["API bot", "A agent"]));
    expect(names).not.toContain("B agent");

    const got = await callV1(getAgent, "GET", `/agents/${id}`, { key: readKey, params: { id } });
    expect([got.status, (got.json.agent as { type: string }).type]).toEqual([200, "support"]);

    const patched = await callV1(patchAgent, "PATCH", `/agents/${id}`, {
      key: writeKey,
      params: { id },
      body: { instructions: "Be brief." },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ changed: true, version: 2, agent: { instructions: "Be brief." } });

    const deleted = await callV1(deleteAgent, "DELETE", `/agents/${id}`, { key: writeKey, params: { id } });
    expect([deleted.status, deleted.json]).toEqual([200, { ok: true }]);
    const gone = await callV1(getAgent, "GET", `/agents/${id}`, { key: readKey, params: { id } });
    expect([gone.status, gone.code]).toEqual([404, "not_found"]);
  });

  it("round-trips welcomeMessage on create, get, list and update", async () => {
    const created = await callV1(createAgentRoute, "POST", "/agents", {
      key: writeKey,
      body: { name: "Welcoming API bot", welcomeMessage: "Welcome to the API." },
    });
    expect([created.status, created.json.agent]).toEqual([
      201,
      expect.objectContaining({ welcomeMessage: "Welcome to the API." }),
    ]);
    const id = (created.json.agent as { id: string }).id;
    const listed = await callV1(listAgents, "GET", "/agents", { key: readKey });
    expect(
      (listed.json.agents as { id: string; welcomeMessage: string }[]).find((x) => x.id === id),
    ).toMatchObject({
      welcomeMessage: "Welcome to the API.",
    });
    const patched = await callV1(patchAgent, "PATCH", `/agents/${id}`, {
      key: writeKey,
      params: { id },
      body: { welcomeMessage: "" },
    });
    expect(patched.json).toMatchObject({ changed: true, version: 2, agent: { welcomeMessage: "" } });
    const got = await callV1(getAgent, "GET", `/agents/${id}`, { key: readKey, params: { id } });
    expect(got.json.agent).toMatchObject({ welcomeMessage: "", version: 2 });
    const tooLong = await callV1(patchAgent, "PATCH", `/agents/${id}`, {
      key: writeKey,
      params: { id },
      body: { welcomeMessage: "y".repeat(501) },
    });
    expect([tooLong.status, tooLong.code]).toEqual([400, "validation_failed"]);
  });

  it("answers 404 for another workspace's agent on every method, and leaves it untouched", async () => {
    const opts = { key: writeKey, params: { id: bAgent } };
    expect((await callV1(getAgent, "GET", `/agents/${bAgent}`, opts)).status).toBe(404);
    const patch = await callV1(patchAgent, "PATCH", `/agents/${bAgent}`, {
      ...opts,
      body: { name: "pwned" },
    });
    expect(patch.status).toBe(404);
    expect((await callV1(deleteAgent, "DELETE", `/agents/${bAgent}`, opts)).status).toBe(404);
    const still = await runAsUser(b.users.member.scope(b.id).claims, (tx) =>
      tx.selectFrom("agents").select("name").where("id", "=", bAgent).executeTakeFirst(),
    );
    expect(still?.name).toBe("B agent");
  });

  it("answers 400 for bad JSON, wrong types, unknown fields and bad ids; 415 for non-JSON", async () => {
    const cases: [unknown, string][] = [
      ["{not json", "invalid_json"],
      [{ name: 42 }, "validation_failed"],
      [{ name: "x", workspaceId: b.id }, "validation_failed"],
      [{ name: "x", tools: ["shell"] }, "validation_failed"],
      [[], "validation_failed"],
    ];
    for (const [body, code] of cases) {
      const res = await callV1(createAgentRoute, "POST", "/agents", { key: writeKey, body });
      expect({ body, status: res.status, code: res.code }).toEqual({ body, status: 400, code });
    }
    const badId = await callV1(getAgent, "GET", "/agents/x", { key: readKey, params: { id: "x" } });
    expect([badId.status, badId.code]).toEqual([400, "validation_failed"]);
    const text = await callV1(createAgentRoute, "POST", "/agents", {
      key: writeKey,
      body: "name=x",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
  });

  it("a read key cannot delete (403)", async () => {
    const res = await callV1(deleteAgent, "DELETE", `/agents/${aAgent}`, {
      key: readKey,
      params: { id: aAgent },
    });
    expect([res.status, res.code]).toEqual([403, "forbidden"]);
  });
});

describe("conversations and messages", () => {
  it("lists with the lib filters, reads and updates a conversation", async () => {
    const listed = await callV1(listConversations, "GET", "/conversations", {
      key: readKey,
      search: `agentId=${aAgent}&status=open`,
    });
    expect(listed.status).toBe(200);
    const ids = (listed.json.conversations as { id: string }[]).map((c) => c.id);
    expect(ids).toEqual([aConversation]);
    expect(listed.json.nextCursor).toBeNull();

    const all = await callV1(listConversations, "GET", "/conversations", { key: readKey });
    expect(JSON.stringify(all.json)).not.toContain("B secret");

    const patched = await callV1(patchConversation, "PATCH", `/conversations/${aConversation}`, {
      key: writeKey,
      params: { id: aConversation },
      body: { tags: ["vip"], status: "closed" },
    });
    expect(patched.json.conversation).toMatchObject({ tags: ["vip"], status: "closed" });
    const got = await callV1(getConversation, "GET", `/conversations/${aConversation}`, {
      key: readKey,
      params: { id: aConversation },
    });
    expect(got.json.conversation).toMatchObject({ id: aConversation, tags: ["vip"], messageCount: 3 });
    const byTag = await callV1(listConversations, "GET", "/conversations", {
      key: readKey,
      search: "tag=vip",
    });
    expect((byTag.json.conversations as unknown[]).length).toBe(1);
  });

  it("sets a conversation's priority, reads it back and filters by it; 400 for a value it does not know", async () => {
    const patched = await callV1(patchConversation, "PATCH", `/conversations/${aConversation}`, {
      key: writeKey,
      params: { id: aConversation },
      body: { priority: "high" },
    });
    expect([patched.status, patched.json.conversation]).toEqual([
      200,
      expect.objectContaining({ priority: "high" }),
    ]);
    const got = await callV1(getConversation, "GET", `/conversations/${aConversation}`, {
      key: readKey,
      params: { id: aConversation },
    });
    expect(got.json.conversation).toMatchObject({ priority: "high" });
    const high = await callV1(listConversations, "GET", "/conversations", {
      key: readKey,
      search: "priority=high",
    });
    expect((high.json.conversations as { id: string }[]).map((c) => c.id)).toEqual([aConversation]);
    const low = await callV1(listConversations, "GET", "/conversations", {
      key: readKey,
      search: "priority=low",
    });
    expect(low.json.conversations).toEqual([]);
    const bad = await callV1(patchConversation, "PATCH", `/conversations/${aConversation}`, {
      key: writeKey,
      params: { id: aConversation },
      body: { priority: "p1" },
    });
    expect([bad.status, bad.code]).toEqual([400, "validation_failed"]);
    const readOnly = await callV1(patchConversation, "PATCH", `/conversations/${aConversation}`, {
      key: readKey,
      params: { id: aConversation },
      body: { priority: "low" },
    });
    expect(readOnly.status).toBe(403);
    const after = await callV1(getConversation, "GET", `/conversations/${aConversation}`, {
      key: readKey,
      params: { id: aConversation },
    });
    expect(after.json.conversation).toMatchObject({ priority: "high" });
  });

  it("pages messages oldest first", async () => {
    const page = await callV1(listMessages, "GET", `/conversations/${aConversation}/messages`, {
      key: readKey,
      params: { id: aConversation },
      search: "limit=2",
    });
    expect(page.status).toBe(200);
    expect((page.json.messages as { index: number }[]).map((m) => m.index)).toEqual([2, 3]);
    expect([page.json.hasMore, page.json.before]).toEqual([true, 2]);
    const older = await callV1(listMessages, "GET", `/conversations/${aConversation}/messages`, {
      key: readKey,
      params: { id: aConversation },
      search: "before=2",
    });
    expect((older.json.messages as { parts: { text: string }[] }[])[0]?.parts[0]?.text).toBe("first");
  });

  it("answers 404 for another workspace's conversation, and 400 for unknown query or body fields", async () => {
    const opts = { key: writeKey, params: { id: bConversation } };
    const cases = [
      await callV1(getConversation, "GET", `/conversations/${bConversation}`, opts),
      await callV1(listMessages, "GET", `/conversations/${bConversation}/messages`, opts),
      await callV1(patchConversation, "PATCH", `/conversations/${bConversation}`, {
        ...opts,
        body: { title: "x" },
      }),
      await callV1(getConversation, "GET", `/conversations/${randomUUID()}`, {
        key: readKey,
        params: { id: randomUUID() },
      }),
    ];
    expect(cases.map((c) => c.status)).toEqual([404, 404, 404, 404]);

    const unknownQuery = await callV1(listConversations, "GET", "/conversations", {
      key: readKey,
      search: "agent_id=x",
    });
    expect([unknownQuery.status, unknownQuery.code]).toEqual([400, "validation_failed"]);
    // The issue is named as the query's, not the body's (a GET has none).
    expect((unknownQuery.json.error as { details?: { path: string }[] }).details?.[0]?.path).toBe("(query)");
    const badLimit = await callV1(listConversations, "GET", "/conversations", {
      key: readKey,
      search: "limit=5000",
    });
    expect(badLimit.status).toBe(400);
    const unknownField = await callV1(patchConversation, "PATCH", `/conversations/${aConversation}`, {
      key: writeKey,
      params: { id: aConversation },
      body: { title: "x", workspaceId: b.id },
    });
    expect(unknownField.status).toBe(400);
  });

  it("the conversations group does not open agents, and vice versa", async () => {
    const agentsOnly = await makeKey(a.users.admin, a.id, ["write", "agents"]);
    const res = await callV1(listConversations, "GET", "/conversations", { key: agentsOnly });
    expect([res.status, res.code]).toEqual([403, "forbidden"]);
  });
});

describe("methods a route does not serve", () => {
  it("answer 405 as JSON with an Allow header", async () => {
    const res = await putAgents(new Request("http://localhost:3000/api/v1/agents", { method: "PUT" }), {
      params: Promise.resolve({}),
    });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST");
    expect(await res.json()).toMatchObject({ error: { code: "method_not_allowed" } });
  });
});
