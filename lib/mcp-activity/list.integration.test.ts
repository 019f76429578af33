import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/api/workspaces/[slug]/mcp-activity/route";
import { GET as summaryRoute } from "@/app/api/workspaces/[slug]/mcp-activity/summary/route";
import { call, seedRouteWorkspace, type TestWorkspace } from "@/test/http/web-api-kit";
import { createApiKey } from "../api-keys";
import { closeDb } from "../db/client";
import { runAsService } from "../db/rls";
import { flushMcpCalls, listMcpCalls, recordMcpCall, summarizeMcpCalls } from ".";

let a: TestWorkspace;
let b: TestWorkspace;
let keyId: string;

/** 20 inbound calls with latencies 10..200 ms (every 5th an error), 2 outbound, 1 a week ago, 1 in B. */
beforeAll(async () => {
  [a, b] = await Promise.all([seedRouteWorkspace("mcp-act-a"), seedRouteWorkspace("mcp-act-b")]);
  keyId = (await createApiKey(a.users.admin.scope(a.id), { name: "Claude", scopes: ["read", "agents"] })).key
    .id;
  for (let i = 1; i <= 20; i++) {
    recordMcpCall({
      workspaceId: a.id,
      direction: "inbound",
      apiKeyId: keyId,
      transport: "http",
      tool: i % 2 ? "list_agents" : "get_agent",
      argBytes: i,
      status: i % 5 === 0 ? "error" : "ok",
      errorCode: i % 5 === 0 ? "not_found" : null,
      latencyMs: i * 10,
    });
  }
  for (const tool of ["crm.lookup", "crm.update"]) {
    recordMcpCall({
      workspaceId: a.id,
      direction: "outbound",
      transport: "chat",
      tool,
      argBytes: 3,
      status: "ok",
      latencyMs: 5,
    });
  }
  recordMcpCall({
    workspaceId: b.id,
    direction: "inbound",
    transport: "stdio",
    tool: "b_secret_tool",
    argBytes: 1,
    status: "ok",
    latencyMs: 1,
  });
  await flushMcpCalls();
  await runAsService("test:old-call", (tx) =>
    tx
      .insertInto("mcp_calls")
      .values({
        workspace_id: a.id,
        direction: "inbound",
        api_key_id: keyId,
        transport: "http",
        tool: "old_tool",
        status: "error",
        error_code: "internal",
        latency_ms: 9000,
        created_at: new Date(Date.now() - 3 * 86_400_000),
      })
      .execute(),
  );
});

afterAll(closeDb);

const scope = () => a.users.admin.scope(a.id);

describe("listMcpCalls", () => {
  it("pages newest first with a keyset cursor, without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listMcpCalls(scope(), { limit: 7, cursor });
      seen.push(...page.calls.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    const all = await listMcpCalls(scope(), { limit: 100 });
    expect(all.calls.at(-1)?.tool).toBe("old_tool");
    expect(all.calls.map((c) => c.tool)).not.toContain("b_secret_tool");
    expect(all.calls.find((c) => c.apiKey)?.apiKey).toEqual({
      id: keyId,
      name: "Claude",
      prefix: expect.any(String),
    });
  });

  it("filters by direction, status, key and tool", async () => {
    const count = async (q: Parameters<typeof listMcpCalls>[1]) =>
      (await listMcpCalls(scope(), { limit: 100, ...q })).calls.length;
    expect(await count({ direction: "outbound" })).toBe(2);
    expect(await count({ status: "error" })).toBe(5);
    expect(await count({ apiKeyId: keyId })).toBe(21);
    expect(await count({ tool: "get_agent", status: "error" })).toBe(2);
    expect(await count({ direction: "", tool: "" })).toBe(23);
  });

  it("refuses a forged cursor and unknown parameters", async () => {
    await expect(listMcpCalls(scope(), { cursor: "bm9wZQ" })).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(listMcpCalls(scope(), { nope: 1 } as never)).rejects.toMatchObject({
      code: "validation_failed",
    });
  });
});

describe("summarizeMcpCalls", () => {
  it("counts, error rate and latency percentiles over 24 h and 7 d", async () => {
    const day = await summarizeMcpCalls(scope(), { range: "24h", direction: "inbound" });
    expect(day).toMatchObject({ range: "24h", calls: 20, errors: 4, errorRate: 0.2 });
    // percentile_cont over 10..200 interpolates: p50 = 105, p95 = 190.5 (rounded either way).
    expect(day.p50LatencyMs).toBe(105);
    expect(day.p95LatencyMs).toBeGreaterThanOrEqual(190);
    expect(day.p95LatencyMs).toBeLessThanOrEqual(191);
    expect(day.tools).toEqual(["get_agent", "list_agents"]);
    const week = await summarizeMcpCalls(scope(), { range: "7d" });
    expect([week.calls, week.errors]).toEqual([23, 5]);
    expect(week.tools).toContain("old_tool");
    const none = await summarizeMcpCalls(scope(), { tool: "never_called" });
    expect(none).toMatchObject({ calls: 0, errorRate: 0, p50LatencyMs: null, p95LatencyMs: null });
  });
});

describe("routes", () => {
  it("admins read the list and summary; members get 403, other workspaces 404", async () => {
    const path = `/api/workspaces/${a.slug}/mcp-activity`;
    const params = { slug: a.slug };
    const list = await call(listRoute, "GET", path, {
      user: a.users.admin,
      params,
      search: "status=error&limit=2",
    });
    expect(list.status).toBe(200);
    expect((list.json.calls as unknown[]).length).toBe(2);
    expect(list.json.nextCursor).toEqual(expect.any(String));
    const summary = await call(summaryRoute, "GET", `${path}/summary`, {
      user: a.users.owner,
      params,
      search: "range=7d",
    });
    expect([summary.status, summary.json.calls]).toEqual([200, 23]);
    expect((await call(listRoute, "GET", path, { user: a.users.member, params })).status).toBe(403);
    expect((await call(listRoute, "GET", path, { user: b.users.owner, params })).status).toBe(404);
    const bad = await call(summaryRoute, "GET", `${path}/summary`, {
      user: a.users.admin,
      params,
      search: "range=1y",
    });
    expect(bad.status).toBe(400);
  });
});
