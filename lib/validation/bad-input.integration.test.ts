import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as v1ChatRoute } from "@/app/api/v1/chat/route";
import { POST as agentsRoute } from "@/app/api/workspaces/[slug]/agents/route";
import { GET as auditRoute } from "@/app/api/workspaces/[slug]/audit/route";
import { POST as chatRoute } from "@/app/api/workspaces/[slug]/chat/route";
import { GET as conversationsRoute } from "@/app/api/workspaces/[slug]/conversations/route";
import { GET as mcpActivityRoute } from "@/app/api/workspaces/[slug]/mcp-activity/route";
import { call, seedRouteWorkspace, type TestWorkspace } from "@/test/http/web-api-kit";
import { createApiKey } from "../api-keys";
import { closeDb } from "../db/client";

// Inputs that used to reach PostgreSQL and fail there (500); each must be a 400 with a code.
let ws: TestWorkspace;
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64url");

beforeAll(async () => {
  ws = await seedRouteWorkspace("bad-input");
});
afterAll(async () => {
  await closeDb();
});

describe("bad input is a 400, never a 500", () => {
  it("a NUL byte in chat text", async () => {
    const res = await call(chatRoute, "POST", `/api/workspaces/${ws.slug}/chat`, {
      user: ws.users.member,
      params: { slug: ws.slug },
      body: { agentId: randomUUID(), text: "hello\u0000world" },
    });
    expect(res).toMatchObject({ status: 400, code: "validation_failed" });
  });

  it("a NUL byte in /api/v1 chat text", async () => {
    const { secret } = await createApiKey(ws.users.owner.scope(ws.id), {
      name: "nul",
      scopes: ["write", "chat"],
    });
    const res = await v1ChatRoute(
      new Request("http://localhost:3000/api/v1/chat", {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify({ agentId: randomUUID(), text: "a\u0000b" }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
  });

  it("a NUL byte in an agent's name or instructions (the same body without it is created)", async () => {
    const ok = await call(agentsRoute, "POST", `/api/workspaces/${ws.slug}/agents`, {
      user: ws.users.admin,
      params: { slug: ws.slug },
      body: { name: "Support", instructions: "be nice" },
    });
    expect(ok.status).toBe(201);
    for (const body of [{ name: "Sup\u0000port" }, { name: "Support", instructions: "be\u0000nice" }]) {
      const res = await call(agentsRoute, "POST", `/api/workspaces/${ws.slug}/agents`, {
        user: ws.users.admin,
        params: { slug: ws.slug },
        body,
      });
      expect(res).toMatchObject({ status: 400, code: "validation_failed" });
    }
  });

  it("a NUL byte in a conversation search", async () => {
    const res = await call(conversationsRoute, "GET", `/api/workspaces/${ws.slug}/conversations`, {
      user: ws.users.member,
      params: { slug: ws.slug },
      search: "q=a%00b",
    });
    expect(res).toMatchObject({ status: 400, code: "validation_failed" });
  });

  it("an editIndex beyond any message index", async () => {
    const res = await call(chatRoute, "POST", `/api/workspaces/${ws.slug}/chat`, {
      user: ws.users.member,
      params: { slug: ws.slug },
      body: {
        agentId: randomUUID(),
        conversationId: randomUUID(),
        trigger: "edit",
        text: "again",
        editIndex: 9007199254740991,
      },
    });
    expect(res).toMatchObject({ status: 400, code: "validation_failed" });
  });

  it.each([
    ["an audit cursor that overflows bigint", auditRoute, "audit", "9999999999999999999", "admin"],
    [
      "an MCP-activity cursor whose id overflows bigint",
      mcpActivityRoute,
      "mcp-activity",
      b64("1|9999999999999999999"),
      "admin",
    ],
    [
      "a conversation cursor with a 17-digit microsecond part",
      conversationsRoute,
      "conversations",
      b64(`99999999999999999|${randomUUID()}`),
      "member",
    ],
    [
      "a conversation cursor with a negative 17-digit microsecond part",
      conversationsRoute,
      "conversations",
      b64(`-99999999999999999|${randomUUID()}`),
      "member",
    ],
  ] as const)("%s", async (_, route, path, cursor, role) => {
    const res = await call(route, "GET", `/api/workspaces/${ws.slug}/${path}`, {
      user: ws.users[role],
      params: { slug: ws.slug },
      search: `cursor=${encodeURIComponent(cursor)}`,
    });
    expect(res).toMatchObject({ status: 400, code: "validation_failed" });
  });

  it("the largest valid bigint cursor still pages (empty)", async () => {
    const res = await call(auditRoute, "GET", `/api/workspaces/${ws.slug}/audit`, {
      user: ws.users.admin,
      params: { slug: ws.slug },
      search: "cursor=9223372036854775807",
    });
    expect(res.status).toBe(200);
  });
});
