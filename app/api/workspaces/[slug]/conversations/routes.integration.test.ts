import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "@/lib/agents";
import { startConversation } from "@/lib/conversations";
import { closeDb } from "@/lib/db/client";
import { runAsUser } from "@/lib/db/rls";
import { call, seedRouteWorkspace, type TestWorkspace } from "../../../../../test/http/web-api-kit";
import { GET as listMessages } from "./[id]/messages/route";
import { DELETE, GET as getOne, PATCH } from "./[id]/route";
import { POST as stopReply } from "./[id]/stop/route";
import { GET as list, POST } from "./route";

let a: TestWorkspace;
let b: TestWorkspace;
let agentA: string;
let agentB: string;
let foreignConv: string;

const base = () => `/api/workspaces/${a.slug}/conversations`;
const p = (id?: string) => ({ slug: a.slug, ...(id === undefined ? {} : { id }) });

async function newConversation(title?: string): Promise<string> {
  return (await startConversation(a.users.member.scope(a.id), { agentId: agentA, title })).id;
}

beforeAll(async () => {
  [a, b] = await Promise.all([seedRouteWorkspace("conv-routes-a"), seedRouteWorkspace("conv-routes-b")]);
  agentA = (await createAgent(a.users.member.scope(a.id), { name: "A" })).id;
  agentB = (await createAgent(b.users.member.scope(b.id), { name: "B" })).id;
  foreignConv = (await startConversation(b.users.member.scope(b.id), { agentId: agentB })).id;
});

afterAll(closeDb);

describe("POST/GET /conversations", () => {
  it("a member starts one (201); the list filters by query string", async () => {
    const res = await call(POST, "POST", base(), {
      user: a.users.member,
      params: p(),
      body: { agentId: agentA, title: "From the route" },
    });
    expect(res.status).toBe(201);
    expect(res.json.conversation).toMatchObject({ agentId: agentA, title: "From the route", status: "open" });
    const id = (res.json.conversation as { id: string }).id;
    const open = await call(list, "GET", base(), {
      user: a.users.viewer,
      params: p(),
      search: `status=open&agentId=${agentA}&q=from+the&limit=5&tag=`,
    });
    expect(open.status).toBe(200);
    expect((open.json.conversations as { id: string }[]).map((c) => c.id)).toEqual([id]);
    expect(open.json.nextCursor).toBeNull();
    const closed = await call(list, "GET", base(), {
      user: a.users.viewer,
      params: p(),
      search: "status=closed",
    });
    expect(closed.json.conversations).toEqual([]);
  });

  it("answers 400 for bad bodies and query strings, 404 for another workspace's agent", async () => {
    for (const [body, code] of [
      ["{", "invalid_json"],
      [{ agentId: "x" }, "validation_failed"],
      [{ agentId: agentA, title: 5 }, "validation_failed"],
      [{ agentId: agentA, extra: true }, "validation_failed"],
    ] as [unknown, string][]) {
      const res = await call(POST, "POST", base(), { user: a.users.member, params: p(), body });
      expect({ body, status: res.status, code: res.code }).toEqual({ body, status: 400, code });
    }
    const foreign = await call(POST, "POST", base(), {
      user: a.users.member,
      params: p(),
      body: { agentId: agentB },
    });
    expect([foreign.status, foreign.code]).toEqual([404, "not_found"]);
    for (const search of ["limit=0", "limit=abc", "cursor=%%%", "status=archived", "agentId=abc"]) {
      const res = await call(list, "GET", base(), { user: a.users.viewer, params: p(), search });
      expect({ search, status: res.status }).toEqual({ search, status: 400 });
    }
  });

  it("viewers cannot start one (403)", async () => {
    const res = await call(POST, "POST", base(), {
      user: a.users.viewer,
      params: p(),
      body: { agentId: agentA },
    });
    expect([res.status, res.code]).toEqual([403, "forbidden"]);
  });
});

describe("/conversations/[id]", () => {
  it("PATCH sets title, status and tags; viewers get 403", async () => {
    const id = await newConversation();
    const res = await call(PATCH, "PATCH", "", {
      user: a.users.member,
      params: p(id),
      body: { title: "Renamed", status: "closed", tags: ["lead", "lead", "hot"] },
    });
    expect(res.status).toBe(200);
    expect(res.json.conversation).toMatchObject({
      title: "Renamed",
      status: "closed",
      tags: ["lead", "hot"],
    });
    const viewer = await call(PATCH, "PATCH", "", {
      user: a.users.viewer,
      params: p(id),
      body: { title: "v" },
    });
    expect([viewer.status, viewer.code]).toEqual([403, "forbidden"]);
    const got = await call(getOne, "GET", "", { user: a.users.viewer, params: p(id) });
    expect(got.json.conversation).toMatchObject({ title: "Renamed", status: "closed" });
    const bad = await call(PATCH, "PATCH", "", {
      user: a.users.member,
      params: p(id),
      body: { status: "done" },
    });
    expect([bad.status, bad.code]).toEqual([400, "validation_failed"]);
    const empty = await call(PATCH, "PATCH", "", { user: a.users.member, params: p(id), body: {} });
    expect(empty.status).toBe(400);
  });

  it("priority: normal by default, PATCH sets it, the list filters by it; bad values 400, viewers 403", async () => {
    const id = await newConversation("Needs care");
    const other = await newConversation("Routine");
    const got = await call(getOne, "GET", "", { user: a.users.viewer, params: p(id) });
    expect(got.json.conversation).toMatchObject({ priority: "normal" });
    const res = await call(PATCH, "PATCH", "", {
      user: a.users.member,
      params: p(id),
      body: { priority: "urgent" },
    });
    expect([res.status, res.json.conversation]).toEqual([
      200,
      expect.objectContaining({ priority: "urgent" }),
    ]);
    const reread = await call(getOne, "GET", "", { user: a.users.viewer, params: p(id) });
    expect(reread.json.conversation).toMatchObject({
      priority: "urgent",
      title: "Needs care",
      status: "open",
    });
    const urgent = await call(list, "GET", base(), {
      user: a.users.viewer,
      params: p(),
      search: "priority=urgent",
    });
    const urgentIds = (urgent.json.conversations as { id: string }[]).map((c) => c.id);
    expect(urgentIds).toContain(id);
    expect(urgentIds).not.toContain(other);
    for (const body of [
      { priority: "critical" },
      { priority: "URGENT" },
      { priority: 3 },
      { priority: null },
    ]) {
      const bad = await call(PATCH, "PATCH", "", { user: a.users.member, params: p(id), body });
      expect({ body, status: bad.status, code: bad.code }).toEqual({
        body,
        status: 400,
        code: "validation_failed",
      });
    }
    const badFilter = await call(list, "GET", base(), {
      user: a.users.viewer,
      params: p(),
      search: "priority=asap",
    });
    expect([badFilter.status, badFilter.code]).toEqual([400, "validation_failed"]);
    const viewer = await call(PATCH, "PATCH", "", {
      user: a.users.viewer,
      params: p(id),
      body: { priority: "low" },
    });
    expect([viewer.status, viewer.code]).toEqual([403, "forbidden"]);
    const after = await call(getOne, "GET", "", { user: a.users.viewer, params: p(id) });
    expect(after.json.conversation).toMatchObject({ priority: "urgent" });
  });

  it("400 for malformed ids; 404 for unknown and foreign ids on every method", async () => {
    for (const fn of [getOne, DELETE, listMessages]) {
      const res = await call(fn, "GET", "", { user: a.users.admin, params: p("123") });
      expect([res.status, res.code]).toEqual([400, "validation_failed"]);
    }
    for (const id of [foreignConv, randomUUID()]) {
      const opts = { user: a.users.admin, params: p(id) };
      expect((await call(getOne, "GET", "", opts)).status).toBe(404);
      expect((await call(PATCH, "PATCH", "", { ...opts, body: { title: "mine" } })).status).toBe(404);
      expect((await call(DELETE, "DELETE", "", opts)).status).toBe(404);
      expect((await call(listMessages, "GET", "", opts)).status).toBe(404);
    }
  });

  it("DELETE needs admin: 403 for members, 200 for admins", async () => {
    const id = await newConversation();
    const member = await call(DELETE, "DELETE", "", { user: a.users.member, params: p(id) });
    expect([member.status, member.code]).toEqual([403, "forbidden"]);
    const admin = await call(DELETE, "DELETE", "", { user: a.users.admin, params: p(id) });
    expect(admin.status).toBe(200);
    expect((await call(getOne, "GET", "", { user: a.users.admin, params: p(id) })).status).toBe(404);
  });
});

describe("GET /conversations/[id]/messages", () => {
  it("pages history oldest-first with before= and says whether more exist", async () => {
    const id = await newConversation();
    for (const text of ["one", "two", "three"]) {
      await runAsUser(a.users.member.scope(a.id).claims, (tx) =>
        tx
          .insertInto("messages")
          .values({
            workspace_id: a.id,
            conversation_id: id,
            role: "user",
            parts: JSON.stringify([{ type: "text", text }]),
          })
          .execute(),
      );
    }
    const texts = (json: Record<string, unknown>) =>
      (json.messages as { parts: { text: string }[] }[]).map((m) => m.parts[0]?.text);
    const last2 = await call(listMessages, "GET", "", {
      user: a.users.viewer,
      params: p(id),
      search: "limit=2",
    });
    expect(last2.status).toBe(200);
    expect(texts(last2.json)).toEqual(["two", "three"]);
    expect(last2.json).toMatchObject({ hasMore: true, before: 2 });
    const older = await call(listMessages, "GET", "", {
      user: a.users.viewer,
      params: p(id),
      search: "limit=2&before=2",
    });
    expect(texts(older.json)).toEqual(["one"]);
    expect(older.json).toMatchObject({ hasMore: false, before: 1 });
    for (const search of ["before=abc", "before=0", "limit=1000", "before=1.5"]) {
      const res = await call(listMessages, "GET", "", { user: a.users.viewer, params: p(id), search });
      expect({ search, status: res.status }).toEqual({ search, status: 400 });
    }
  });
});

describe("POST /conversations/:id/stop", () => {
  it("answers how many replies it stopped; 400 for bad bodies and ids, 403 for viewers, 404 for foreign ids", async () => {
    const id = await newConversation();
    const stop = (user: TestWorkspace["users"]["member"], convId: string, body: unknown) =>
      call(stopReply, "POST", `${base()}/${convId}/stop`, { user, params: p(convId), body });
    const idle = await stop(a.users.member, id, {});
    expect([idle.status, idle.json]).toEqual([200, { stopped: 0 }]);
    const outcomes = [
      await stop(a.users.member, id, { messageId: "nope" }),
      await stop(a.users.member, id, { extra: true }),
      await stop(a.users.member, "not-a-uuid", {}),
      await stop(a.users.viewer, id, {}),
      await stop(a.users.member, foreignConv, {}),
      await stop(a.users.member, id, { messageId: randomUUID() }),
    ].map((r) => [r.status, r.code]);
    expect(outcomes).toEqual([
      [400, "validation_failed"],
      [400, "validation_failed"],
      [400, "validation_failed"],
      [403, "forbidden"],
      [404, "not_found"],
      [404, "not_found"],
    ]);
  });
});
