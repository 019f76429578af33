import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "@/lib/agents";
import { PLANS } from "@/lib/billing/plans";
import { chatEndpoint } from "@/lib/chat/chat-endpoint";
import { closeDb, getDb } from "@/lib/db/client";
import { runAsService } from "@/lib/db/rls";
import { isAppError } from "@/lib/errors";
import { closeRunEvents, executeRun } from "@/lib/flows/engine";
import { agentNode } from "@/lib/flows/nodes/agent";
import { enqueueTriggeredRun } from "@/lib/flows/triggers";
import { webhookEndpoint } from "@/lib/flows/triggers/webhook";
import { startMcpHttpServer } from "@/mcp-server/http";
import { addMessageUsage, setBilling, setPlan } from "@/test/billing/billing-kit";
import { openDb, seedWorkspace } from "@/test/db/workspace-kit";
import { echoGraph } from "@/test/flows/flow-graphs-kit";
import { nodeContext, runNode, seedFlowRun } from "@/test/flows/flow-node-kit";
import { ensureQueueSchema, runsOf, seedFlow, triggerNode } from "@/test/flows/triggers-kit";
import { callV1, makeKey } from "@/test/http/v1-api-kit";
import { call, seedRouteWorkspace, type TestWorkspace } from "@/test/http/web-api-kit";
import { callError, httpClient, seedKeyedWorkspace } from "@/test/mcp/mcp-client-kit";
import { POST as acceptInvite } from "./invitations/accept/route";
import { POST as v1Chat } from "./v1/chat/route";
import { POST as createAgentRoute } from "./workspaces/[slug]/agents/route";
import { POST as startRunRoute } from "./workspaces/[slug]/flows/[id]/runs/route";
import { POST as inviteRoute } from "./workspaces/[slug]/invitations/route";

// Every surface at the plan's limit answers 402 plan_limit with the limit, the
// usage and the upgrade link, and stores nothing; with billing off, nothing is limited.

const FREE = PLANS.free.limits as {
  messagesPerMonth: number;
  agents: number;
  members: number;
  flowRunsPerMonth: number;
};
const db = getDb();
// The web chat route's handler, as the app server serves it (the Next route adds only `after`).
const webChat = chatEndpoint();

beforeAll(async () => {
  // The offline model answers only when no instance-wide provider key is configured.
  for (const k of [
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "GOOGLE_GENERATIVE_AI_API_KEY",
    "OPENAI_COMPATIBLE_BASE_URL",
  ])
    delete process.env[k];
  await ensureQueueSchema(process.env.DATABASE_URL as string);
});

afterEach(() => setBilling(false));

afterAll(async () => {
  setBilling(false);
  await closeRunEvents();
  await closeDb();
});

async function messageCount(workspaceId: string): Promise<number> {
  const { rows } = await runAsService("test:count", (tx) =>
    sql<{ n: string }>`select count(*) as n from public.messages where workspace_id = ${workspaceId}`.execute(
      tx,
    ),
  );
  return Number(rows[0]?.n);
}

const limitBody = (kind: string, limit: number, used: number, slug: string) => ({
  error: {
    code: "plan_limit",
    message: expect.stringMatching(/Free plan's limit of .* Upgrade the plan to continue\./),
    details: { kind, plan: "free", limit, used, upgradeUrl: `http://localhost:3000/w/${slug}/billing` },
  },
});

async function chatWorkspace(label: string): Promise<{ ws: TestWorkspace; agentId: string }> {
  const ws = await seedRouteWorkspace(label);
  const agentId = (await createAgent(ws.users.member.scope(ws.id), { name: "Echo" })).id;
  return { ws, agentId };
}

describe("messages per month", () => {
  it("web chat: 402 at the limit, nothing stored; one below, the turn runs", async () => {
    setBilling(true);
    const { ws, agentId } = await chatWorkspace("lim-web");
    await addMessageUsage(db, ws.id, FREE.messagesPerMonth - 1);
    const ok = await webChat(
      new Request(`http://localhost:3000/api/workspaces/${ws.slug}/chat`, {
        method: "POST",
        headers: {
          origin: "http://localhost:3000",
          cookie: ws.users.member.cookie,
          "content-type": "application/json",
        },
        body: JSON.stringify({ agentId, trigger: "submit", text: "the last one" }),
      }),
      { params: Promise.resolve({ slug: ws.slug }) },
    );
    expect(ok.status).toBe(200);
    await ok.text();
    const before = await messageCount(ws.id);
    // The reply just stored is the 500th: the next turn is refused.
    await addMessageUsage(db, ws.id, 0);
    const res = await call(webChat, "POST", `/api/workspaces/${ws.slug}/chat`, {
      user: ws.users.member,
      params: { slug: ws.slug },
      body: { agentId, trigger: "submit", text: "one too many" },
    });
    expect(res.status).toBe(402);
    expect(res.json).toEqual(limitBody("message", FREE.messagesPerMonth, FREE.messagesPerMonth, ws.slug));
    expect(await messageCount(ws.id)).toBe(before);
  });

  it("/api/v1/chat: 402 plan_limit", async () => {
    setBilling(true);
    const { ws, agentId } = await chatWorkspace("lim-v1");
    const key = await makeKey(ws.users.admin, ws.id, ["write", "chat", "conversations"]);
    await addMessageUsage(db, ws.id, FREE.messagesPerMonth);
    const res = await callV1(v1Chat, "POST", "/chat", { key, body: { agentId, text: "hello" } });
    expect(res.status).toBe(402);
    expect(res.json).toEqual(limitBody("message", FREE.messagesPerMonth, FREE.messagesPerMonth, ws.slug));
    expect(await messageCount(ws.id)).toBe(0);
  });

  it("MCP send_message (the SDK's client): a tool error with the same code, limit, used and link", async () => {
    setBilling(true);
    const kdb = openDb();
    const server = await startMcpHttpServer({ host: "127.0.0.1", port: 0, rateLimitPerMinute: 10_000 });
    try {
      const ws = await seedKeyedWorkspace(kdb, "lim-mcp");
      const agentId = (await createAgent(ws.scope, { name: "Echo" })).id;
      const client = await httpClient(server.url, (await ws.key()).secret);
      await addMessageUsage(db, ws.id, FREE.messagesPerMonth + 3);
      const err = await callError(client, "send_message", { agent_id: agentId, message: "hello" });
      expect(err).toEqual(
        limitBody("message", FREE.messagesPerMonth, FREE.messagesPerMonth + 3, ws.slug).error,
      );
      expect(await messageCount(ws.id)).toBe(0);
      await client.close();
    } finally {
      await server.close();
      await kdb.destroy();
    }
  });

  it("a flow's agent node: the turn is refused with plan_limit, so the node (and its run) fail saying so", async () => {
    setBilling(true);
    const kdb = openDb();
    try {
      const ws = await seedWorkspace(kdb, "lim-node");
      const agentId = (
        await createAgent({ claims: ws.users.member.claims, workspaceId: ws.id }, { name: "Echo" })
      ).id;
      const fx = await seedFlowRun(kdb, ws.id, ws.users.member.id);
      await addMessageUsage(db, ws.id, FREE.messagesPerMonth);
      const err = await runNode(agentNode, nodeContext(fx, "agent"), { agentId, message: "hi" }).catch(
        (e: unknown) => e,
      );
      expect(isAppError(err) && [err.status, err.code, err.details]).toEqual([
        402,
        "plan_limit",
        expect.objectContaining({ kind: "message", used: FREE.messagesPerMonth }),
      ]);
      expect(await messageCount(ws.id)).toBe(0);
    } finally {
      await kdb.destroy();
    }
  });

  it("a paid plan lifts the limit; billing off (no STRIPE_SECRET_KEY) limits nothing", async () => {
    setBilling(true);
    const { ws, agentId } = await chatWorkspace("lim-paid");
    const key = await makeKey(ws.users.admin, ws.id, ["write", "chat", "conversations"]);
    await addMessageUsage(db, ws.id, FREE.messagesPerMonth + 10);
    const send = () => callV1(v1Chat, "POST", "/chat", { key, body: { agentId, text: "hello" } });
    expect((await send()).status).toBe(402);
    await setPlan(db, ws.id, "pro");
    expect((await send()).status).toBe(200);
    await setPlan(db, ws.id, "free", "canceled");
    expect((await send()).status).toBe(402);
    setBilling(false);
    expect((await send()).status).toBe(200);
  });
});

describe("agents", () => {
  it("creating one past the plan's agents is 402 (web); billing off, it is created", async () => {
    setBilling(true);
    const ws = await seedRouteWorkspace("lim-agents");
    const create = (name: string) =>
      call(createAgentRoute, "POST", `/api/workspaces/${ws.slug}/agents`, {
        user: ws.users.member,
        params: { slug: ws.slug },
        body: { name },
      });
    for (let i = 1; i <= FREE.agents; i++) expect((await create(`Agent ${i}`)).status).toBe(201);
    const refused = await create("One too many");
    expect(refused.status).toBe(402);
    expect(refused.json).toEqual(limitBody("agent", FREE.agents, FREE.agents, ws.slug));
    const names = await runAsService("test:agents", (tx) =>
      tx.selectFrom("agents").select("name").where("workspace_id", "=", ws.id).execute(),
    );
    expect(names).toHaveLength(FREE.agents);
    setBilling(false);
    expect((await create("Unlimited")).status).toBe(201);
  });
});

describe("seats", () => {
  it("an invitation past the plan's seats is 402; re-inviting a pending address is not a new seat", async () => {
    setBilling(true);
    const ws = await seedRouteWorkspace("lim-seats"); // four members
    const invite = (email: string) =>
      call(inviteRoute, "POST", `/api/workspaces/${ws.slug}/invitations`, {
        user: ws.users.admin,
        params: { slug: ws.slug },
        body: { email, role: "member" },
      });
    expect((await invite("fifth@seats.test")).status).toBe(201);
    const refused = await invite("sixth@seats.test");
    expect(refused.status).toBe(402);
    expect(refused.json).toEqual(limitBody("member", FREE.members, FREE.members, ws.slug));
    expect((await invite("fifth@seats.test")).status).toBe(201);
  });

  it("accepting is refused only when the workspace is over its seats (a downgrade since)", async () => {
    setBilling(true);
    const ws = await seedRouteWorkspace("lim-accept");
    const invitee = await seedRouteWorkspace("lim-accept-invitee").then((w) => w.users.member);
    const email = await runAsService("test:email", (tx) =>
      tx.selectFrom("profiles").select("email").where("id", "=", invitee.id).executeTakeFirstOrThrow(),
    );
    const created = await call(inviteRoute, "POST", `/api/workspaces/${ws.slug}/invitations`, {
      user: ws.users.admin,
      params: { slug: ws.slug },
      body: { email: email.email, role: "member" },
    });
    expect(created.status).toBe(201);
    const token = (created.json.inviteUrl as string).split("/invite/")[1] as string;
    // Someone else joined meanwhile: six seats taken of five.
    const extra = await seedRouteWorkspace("lim-accept-extra").then((w) => w.users.viewer);
    await runAsService("test:extra-member", (tx) =>
      tx
        .insertInto("workspace_members")
        .values({ workspace_id: ws.id, user_id: extra.id, role: "viewer" })
        .execute(),
    );
    const accept = () =>
      call(acceptInvite, "POST", "/api/invitations/accept", { user: invitee, params: {}, body: { token } });
    const refused = await accept();
    expect(refused.status).toBe(402);
    expect(refused.json).toEqual(limitBody("member", FREE.members, FREE.members + 1, ws.slug));
    await runAsService("test:extra-leaves", (tx) =>
      tx
        .deleteFrom("workspace_members")
        .where("workspace_id", "=", ws.id)
        .where("user_id", "=", extra.id)
        .execute(),
    );
    const accepted = await accept();
    expect(accepted.status).toBe(200);
  });
});

describe("flow runs per month", () => {
  /** Fills the month's runs up to the limit, as earlier runs would have. */
  async function fillRuns(workspaceId: string, flowId: string, n: number) {
    await runAsService("test:fill-runs", (tx) =>
      sql`insert into public.flow_runs (workspace_id, flow_id, version, trigger, status, created_at)
          select ${workspaceId}, ${flowId}, 1, 'manual', 'succeeded', now() - interval '1 second'
            from generate_series(1, ${n})`.execute(tx),
    );
  }

  it("starting a run (web) at the limit is 402 and records nothing", async () => {
    setBilling(true);
    const ws = await seedRouteWorkspace("lim-runs");
    const kws = { id: ws.id } as Parameters<typeof seedFlow>[1];
    const { flowId } = await seedFlow(db, kws, echoGraph());
    await fillRuns(ws.id, flowId, FREE.flowRunsPerMonth);
    const res = await call(startRunRoute, "POST", `/api/workspaces/${ws.slug}/flows/${flowId}/runs`, {
      user: ws.users.member,
      params: { slug: ws.slug, id: flowId },
      body: { input: { x: 1 } },
    });
    expect(res.status).toBe(402);
    expect(res.json).toEqual(limitBody("flow_run", FREE.flowRunsPerMonth, FREE.flowRunsPerMonth, ws.slug));
    expect(await runsOf(db, flowId)).toHaveLength(FREE.flowRunsPerMonth);
  });

  it("a webhook at the limit is answered 402; a replay of a delivery recorded before is still 202", async () => {
    setBilling(true);
    const ws = await seedRouteWorkspace("lim-hook");
    const kws = { id: ws.id } as Parameters<typeof seedFlow>[1];
    const f = await seedFlow(db, kws, { nodes: [triggerNode("hook", "webhook_trigger", {})], edges: [] });
    await fillRuns(ws.id, f.flowId, FREE.flowRunsPerMonth - 1);
    const hook = (id: string) =>
      webhookEndpoint(
        new Request(`http://localhost:3000/api/hooks/flows/${f.token}`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-webhook-id": id },
          body: "{}",
        }),
        { params: Promise.resolve({ token: f.token }) },
      );
    const first = await hook("wh_1");
    expect(first.status).toBe(202);
    const refused = await hook("wh_2");
    expect(refused.status).toBe(402);
    expect(await refused.json()).toEqual(
      limitBody("flow_run", FREE.flowRunsPerMonth, FREE.flowRunsPerMonth, ws.slug),
    );
    expect((await hook("wh_1")).status).toBe(202);
    expect(await runsOf(db, f.flowId)).toHaveLength(FREE.flowRunsPerMonth);
  });

  it("runs recorded in SQL (an event, a schedule) past the limit end failed with plan_limit, in order", async () => {
    setBilling(true);
    const ws = await seedRouteWorkspace("lim-event");
    const kws = { id: ws.id } as Parameters<typeof seedFlow>[1];
    const graph = {
      nodes: [triggerNode("ev", "event_trigger", { event: "conversation.created" })],
      edges: [],
    };
    const f = await seedFlow(db, kws, graph);
    await fillRuns(ws.id, f.flowId, FREE.flowRunsPerMonth - 1);
    const enqueue = (i: number) =>
      enqueueTriggeredRun(db, {
        workspaceId: ws.id,
        flowId: f.flowId,
        trigger: "event",
        nodeId: "ev",
        input: { i },
        dedupeKey: `event:lim-${i}`,
      });
    const last = await enqueue(1);
    const over = await enqueue(2);
    // Run by the worker in the opposite order: the earlier run still gets the last slot.
    expect(await executeRun(db, over.runId)).toBe("done");
    expect(await executeRun(db, last.runId)).toBe("done");
    const runs = await runAsService("test:runs", (tx) =>
      tx
        .selectFrom("flow_runs")
        .select(["id", "status", "error"])
        .where("id", "in", [last.runId, over.runId])
        .execute(),
    );
    const byId = new Map(runs.map((r) => [r.id, r]));
    expect(byId.get(last.runId)?.status).toBe("succeeded");
    expect(byId.get(over.runId)).toMatchObject({
      status: "failed",
      error: {
        code: "plan_limit",
        limit: FREE.flowRunsPerMonth,
        used: FREE.flowRunsPerMonth,
        upgradeUrl: `http://localhost:3000/w/${ws.slug}/billing`,
      },
    });
    // A refused run does not count as one of the month's runs.
    await setPlan(db, ws.id, "pro");
    const again = await enqueue(3);
    expect(await executeRun(db, again.runId)).toBe("done");
    const status = await runAsService("test:run", (tx) =>
      tx.selectFrom("flow_runs").select("status").where("id", "=", again.runId).executeTakeFirstOrThrow(),
    );
    expect(status.status).toBe("succeeded");
  });
});
