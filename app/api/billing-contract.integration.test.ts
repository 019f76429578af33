import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createAgent } from "@/lib/agents";
import { closeDb, getDb } from "@/lib/db/client";
import { startMcpHttpServer } from "@/mcp-server/http";
import { addMessageUsage, setBilling, setPlan } from "@/test/billing/billing-kit";
import { openDb } from "@/test/db/workspace-kit";
import { callV1, makeKey } from "@/test/http/v1-api-kit";
import { call, seedRouteWorkspace } from "@/test/http/web-api-kit";
import { callOk, httpClient, seedKeyedWorkspace } from "@/test/mcp/mcp-client-kit";
import { GET as v1Billing, POST as v1BillingPost } from "./v1/billing/route";
import { GET as openApi } from "./v1/openapi.json/route";
import { GET as webBilling } from "./workspaces/[slug]/billing/route";

// One contract (lib/billing/contract.ts) on three surfaces: the web API (the
// billing page and the banner), /api/v1 and MCP get_billing.

const db = getDb();

afterEach(() => setBilling(false));
afterAll(async () => {
  setBilling(false);
  await closeDb();
});

describe("GET /billing", () => {
  it("web: any member reads the plan, status and usage against each limit; warn at 80%, blocked at the limit", async () => {
    setBilling(true);
    const ws = await seedRouteWorkspace("bill-web");
    await createAgent(ws.users.member.scope(ws.id), { name: "One" });
    await addMessageUsage(db, ws.id, 400);
    const res = await call(webBilling, "GET", `/api/workspaces/${ws.slug}/billing`, {
      user: ws.users.viewer,
      params: { slug: ws.slug },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      enabled: true,
      plan: "free",
      subscribedPlan: "free",
      status: "none",
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
      graceUntil: null,
      upgradeUrl: `http://localhost:3000/w/${ws.slug}/billing`,
      usage: [
        { kind: "message", limit: 500, used: 400, warn: true, blocked: false },
        { kind: "agent", limit: 3, used: 1, warn: false, blocked: false },
        { kind: "member", limit: 5, used: 4, warn: true, blocked: false },
        { kind: "flow_run", limit: 200, used: 0, warn: false, blocked: false },
      ],
    });
    const outsider = await seedRouteWorkspace("bill-web-out");
    const foreign = await call(webBilling, "GET", `/api/workspaces/${ws.slug}/billing`, {
      user: outsider.users.owner,
      params: { slug: ws.slug },
    });
    expect(foreign.status).toBe(404);
  });

  it("a past-due subscription beyond its grace shows Free limits, with the subscribed plan kept", async () => {
    setBilling(true);
    const ws = await seedRouteWorkspace("bill-grace");
    await setPlan(db, ws.id, "pro", "past_due", new Date(Date.now() - 60_000));
    const res = await call(webBilling, "GET", `/api/workspaces/${ws.slug}/billing`, {
      user: ws.users.owner,
      params: { slug: ws.slug },
    });
    expect(res.json).toMatchObject({ plan: "free", subscribedPlan: "pro", status: "past_due" });
    expect(res.json.graceUntil).toEqual(expect.any(String));
  });

  it("billing off: enabled false, no plan, no link, every limit null (unlimited), usage still counted", async () => {
    const ws = await seedRouteWorkspace("bill-off-web");
    await addMessageUsage(db, ws.id, 900);
    const key = await makeKey(ws.users.admin, ws.id, ["read", "usage"]);
    const res = await callV1(v1Billing, "GET", "/billing", { key });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ enabled: false, plan: null, upgradeUrl: null });
    expect(res.json.usage).toEqual([
      { kind: "message", limit: null, used: 900, warn: false, blocked: false },
      { kind: "agent", limit: null, used: 0, warn: false, blocked: false },
      { kind: "member", limit: null, used: 4, warn: false, blocked: false },
      { kind: "flow_run", limit: null, used: 0, warn: false, blocked: false },
    ]);
  });

  it("/api/v1 needs the usage scope; its key reads its own workspace only", async () => {
    setBilling(true);
    const ws = await seedRouteWorkspace("bill-v1");
    await setPlan(db, ws.id, "business");
    const key = await makeKey(ws.users.admin, ws.id, ["read", "usage"]);
    const res = await callV1(v1Billing, "GET", "/billing", { key });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ plan: "business", status: "active" });
    expect(
      (res.json.usage as { kind: string; limit: number | null }[]).find((u) => u.kind === "agent")?.limit,
    ).toBe(null);
    const chatOnly = await makeKey(ws.users.admin, ws.id, ["read", "chat"]);
    expect((await callV1(v1Billing, "GET", "/billing", { key: chatOnly })).status).toBe(403);
    // Bad requests: no key, a write, an unknown parameter.
    expect((await callV1(v1Billing, "GET", "/billing", {})).status).toBe(401);
    const post = await callV1(v1BillingPost, "POST", "/billing", { key, body: { plan: "business" } });
    expect([post.status, post.code]).toEqual([405, "method_not_allowed"]);
    const query = await callV1(v1Billing, "GET", "/billing", { key, search: "plan=business" });
    expect([query.status, query.code]).toEqual([400, "validation_failed"]);
  });
});

describe("OpenAPI", () => {
  it("documents GET /billing and the 402 plan_limit answer where a limit applies", async () => {
    const res = await openApi(new Request("http://localhost:3000/api/v1/openapi.json"), {
      params: Promise.resolve({}),
    });
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(doc.paths["/billing"]?.get?.responses["200"]).toBeDefined();
    const limited = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.responses["402"])
        .map(([method]) => `${method} ${path}`),
    );
    expect(limited.sort()).toEqual(["post /agents", "post /chat", "post /flows/{id}/runs"]);
  });
});

describe("MCP get_billing", () => {
  it("answers the same contract through the SDK's client", async () => {
    setBilling(true);
    const kdb = openDb();
    const server = await startMcpHttpServer({ host: "127.0.0.1", port: 0, rateLimitPerMinute: 10_000 });
    try {
      const ws = await seedKeyedWorkspace(kdb, "bill-mcp");
      await setPlan(db, ws.id, "pro", "trialing");
      await addMessageUsage(db, ws.id, 8_000);
      const client = await httpClient(server.url, (await ws.key()).secret);
      const { data } = await callOk<{ plan: string; usage: { kind: string; warn: boolean }[] }>(
        client,
        "get_billing",
      );
      expect(data).toMatchObject({ enabled: true, plan: "pro", status: "trialing" });
      expect(data.usage[0]).toEqual({
        kind: "message",
        limit: 10_000,
        used: 8_000,
        warn: true,
        blocked: false,
      });
      await client.close();
    } finally {
      await server.close();
      await kdb.destroy();
    }
  });
});
