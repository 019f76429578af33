import type { Runner } from "graphile-worker";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { startWorker } from "@/lib/worker";
import {
  approvalGraph as approvalGraphOf,
  echoGraph,
  manualStart,
  setNode,
} from "@/test/flows/flow-graphs-kit";
import { edges, waitForRun } from "@/test/flows/flow-run-kit";
import { call, seedRouteWorkspace, type TestUser, type TestWorkspace } from "@/test/http/web-api-kit";
import { GET as listApprovals } from "../flow-approvals/route";
import { GET as nodeTypes } from "../flow-node-types/route";
import { POST as resolveApproval } from "../flow-runs/[id]/approvals/[nodeId]/route";
import { POST as cancelRun } from "../flow-runs/[id]/cancel/route";
import { POST as retryRun } from "../flow-runs/[id]/retry/route";
import { GET as getRun } from "../flow-runs/[id]/route";
import { GET as listRuns } from "../flow-runs/route";
import { GET as getSettings, PATCH as patchSettings } from "../flow-settings/route";
import { POST as publish } from "./[id]/publish/route";
import { DELETE as deleteFlow, GET as getFlow, PATCH as patchFlow } from "./[id]/route";
import { POST as startRun } from "./[id]/runs/route";
import { GET as getVersion } from "./[id]/versions/[version]/route";
import { GET as listVersions } from "./[id]/versions/route";
import { POST as changeWebhook, GET as getWebhook } from "./[id]/webhook/route";
import { POST as createFlow, GET as listFlows } from "./route";

// The flows web API over the route handlers: real sessions, real Requests,
// the embedded database, and a real worker executing the runs.

const db = getDb();
let a: TestWorkspace;
let b: TestWorkspace;
let runner: Runner;

const manual = manualStart;
const simpleGraph = echoGraph();
const approvalGraph = approvalGraphOf();

const as = (ws: TestWorkspace, role: keyof TestWorkspace["users"]): TestUser => ws.users[role];
const p = (ws: TestWorkspace, extra: Record<string, string> = {}) => ({ slug: ws.slug, ...extra });
const base = (ws: TestWorkspace) => `/api/workspaces/${ws.slug}`;

async function create(ws: TestWorkspace, body: unknown, user = as(ws, "member")) {
  return call(createFlow, "POST", `${base(ws)}/flows`, { user, params: p(ws), body });
}
async function flowCount(ws: TestWorkspace) {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from public.flows where workspace_id = ${ws.id}`.execute(db);
  return rows[0]?.n;
}
async function publishedFlow(ws: TestWorkspace, graph: unknown) {
  const made = await create(ws, { name: "Published", graph });
  const id = (made.json.flow as { id: string }).id;
  const pub = await call(publish, "POST", `${base(ws)}/flows/${id}/publish`, {
    user: as(ws, "member"),
    params: p(ws, { id }),
    body: {},
  });
  expect(pub.status).toBe(200);
  return id;
}

beforeAll(async () => {
  [a, b] = await Promise.all([seedRouteWorkspace("flows-a"), seedRouteWorkspace("flows-b")]);
  runner = await startWorker({ connectionString: process.env.DATABASE_URL as string, db, concurrency: 2 });
});

afterAll(async () => {
  await runner?.stop();
  await closeDb();
});

describe("flows CRUD", () => {
  it("a member creates, lists, reads and saves a draft; a stale revision is a 409 and stores nothing", async () => {
    const made = await create(a, { name: "  Leads  ", description: "route leads" });
    expect(made.status).toBe(201);
    const flow = made.json.flow as { id: string; name: string; draftRevision: number; issues: unknown[] };
    expect(flow).toMatchObject({ name: "Leads", draftRevision: 1, publishedVersion: null, enabled: true });
    expect(flow.issues).toEqual([{ path: "nodes", message: expect.stringContaining("trigger") }]);

    const listed = await call(listFlows, "GET", `${base(a)}/flows`, { user: as(a, "viewer"), params: p(a) });
    expect((listed.json.flows as { id: string }[]).map((f) => f.id)).toContain(flow.id);

    const saved = await call(patchFlow, "PATCH", `${base(a)}/flows/${flow.id}`, {
      user: as(a, "member"),
      params: p(a, { id: flow.id }),
      body: { draftRevision: 1, graph: simpleGraph },
    });
    expect(saved.status).toBe(200);
    expect(saved.json.flow).toMatchObject({ draftRevision: 2, issues: [] });

    const stale = await call(patchFlow, "PATCH", `${base(a)}/flows/${flow.id}`, {
      user: as(a, "member"),
      params: p(a, { id: flow.id }),
      body: { draftRevision: 1, name: "Overwritten" },
    });
    expect(stale).toMatchObject({ status: 409, code: "conflict" });
    const read = await call(getFlow, "GET", `${base(a)}/flows/${flow.id}`, {
      user: as(a, "viewer"),
      params: p(a, { id: flow.id }),
    });
    expect(read.json.flow).toMatchObject({ name: "Leads", draftRevision: 2, webhookUrl: null });
    const byMember = await call(getFlow, "GET", `${base(a)}/flows/${flow.id}`, {
      user: as(a, "member"),
      params: p(a, { id: flow.id }),
    });
    expect((byMember.json.flow as { webhookUrl: string }).webhookUrl).toMatch(
      /\/api\/hooks\/flows\/[A-Za-z0-9_-]{43}$/,
    );
  });

  it("saves a draft with issues and returns them, but refuses to publish it", async () => {
    const cyclic = {
      nodes: [manual, setNode("x", "X", 1), setNode("y", "Y", 2)],
      edges: edges("start>x", "x>y", "y>x"),
    };
    const made = await create(a, { name: "Cyclic", graph: cyclic });
    expect(made.status).toBe(201);
    const flow = made.json.flow as { id: string; issues: { path: string; message: string }[] };
    expect(flow.issues.length).toBeGreaterThan(0);
    const pub = await call(publish, "POST", `${base(a)}/flows/${flow.id}/publish`, {
      user: as(a, "member"),
      params: p(a, { id: flow.id }),
      body: {},
    });
    expect(pub).toMatchObject({ status: 400, code: "validation_failed" });
    const { rows } = await sql`select 1 from public.flow_versions where flow_id = ${flow.id}`.execute(db);
    expect(rows).toEqual([]);
  });

  it.each([
    [
      "an unknown node type",
      { nodes: [manual, { id: "z", type: "teleport", name: "Z", config: {} }], edges: edges("start>z") },
      "nodes.1.type",
    ],
    [
      "a bad cron string",
      {
        nodes: [{ id: "cron", type: "schedule_trigger", name: "Cron", config: { cron: "61 * * * *" } }],
        edges: [],
      },
      "nodes.0.config.cron",
    ],
    ["a dangling edge", { nodes: [manual], edges: edges("start>ghost") }, "edges.0"],
    [
      "an expression naming a missing node",
      { nodes: [manual, setNode("t", "T", '{{ $node["Nope"].output.v }}')], edges: edges("start>t") },
      "nodes.1",
    ],
  ])("publishing %s is a 400 naming the place", async (_label, graph, path) => {
    const made = await create(a, { name: "Bad", graph });
    const id = (made.json.flow as { id: string }).id;
    const pub = await call(publish, "POST", `${base(a)}/flows/${id}/publish`, {
      user: as(a, "member"),
      params: p(a, { id }),
      body: {},
    });
    expect(pub).toMatchObject({ status: 400, code: "validation_failed" });
    const details = (pub.json.error as unknown as { details: { path: string }[] }).details;
    expect(details.some((d) => d.path.startsWith(path))).toBe(true);
    const read = await call(getFlow, "GET", `${base(a)}/flows/${id}`, {
      user: as(a, "viewer"),
      params: p(a, { id }),
    });
    expect(read.json.flow).toMatchObject({ publishedVersion: null });
  });

  it("refuses bad input with a 4xx and stores nothing", async () => {
    const before = await flowCount(a);
    const bodies = [
      { name: "x", extra: true },
      { name: "" },
      { name: "x", graph: { nodes: "no", edges: [] } },
      {
        name: "x",
        graph: {
          nodes: Array.from({ length: 201 }, (_, i) => ({ id: `n${i}`, type: "transform", name: `N${i}` })),
          edges: [],
        },
      },
      "{not json",
    ];
    for (const body of bodies) {
      const res = await create(a, body);
      expect([400, 413]).toContain(res.status);
      expect(res.code).toMatch(/validation_failed|invalid_json|payload_too_large/);
    }
    expect(await flowCount(a)).toBe(before);
    const viewer = await create(a, { name: "by a viewer" }, as(a, "viewer"));
    expect(viewer).toMatchObject({ status: 403, code: "forbidden" });
    const unknownId = await call(getFlow, "GET", `${base(a)}/flows/nope`, {
      user: as(a, "member"),
      params: p(a, { id: "nope" }),
    });
    expect(unknownId.status).toBe(400);
  });

  it("publishes versions, rebuilds triggers, lists and reads versions; delete is an admin's", async () => {
    const scheduled = {
      nodes: [
        {
          id: "cron",
          type: "schedule_trigger",
          name: "Daily",
          config: { cron: "0 9 * * *", timezone: "Europe/Berlin" },
        },
        { id: "hook", type: "webhook_trigger", name: "Hook", config: {} },
        setNode("t", "T", 1),
      ],
      edges: edges("cron>t", "hook>t"),
    };
    const id = await publishedFlow(a, scheduled);
    const { rows } = await sql<{ kind: string; cron: string | null; next_tick_at: Date | null }>`
      select kind, cron, next_tick_at from public.flow_triggers where flow_id = ${id} order by kind`.execute(
      db,
    );
    expect(rows.map((r) => r.kind)).toEqual(["schedule", "webhook"]);
    expect(rows[0]?.next_tick_at?.getTime()).toBeGreaterThan(Date.now());

    // Version 2 without the schedule: its trigger row goes.
    await call(patchFlow, "PATCH", `${base(a)}/flows/${id}`, {
      user: as(a, "member"),
      params: p(a, { id }),
      body: {
        draftRevision: 1,
        graph: { nodes: [scheduled.nodes[1], scheduled.nodes[2]], edges: edges("hook>t") },
      },
    });
    const v2 = await call(publish, "POST", `${base(a)}/flows/${id}/publish`, {
      user: as(a, "member"),
      params: p(a, { id }),
      body: { draftRevision: 2 },
    });
    expect(v2.json).toMatchObject({ version: 2, flow: { publishedVersion: 2 } });
    const after = await sql<{
      kind: string;
    }>`select kind from public.flow_triggers where flow_id = ${id}`.execute(db);
    expect(after.rows.map((r) => r.kind)).toEqual(["webhook"]);

    const versions = await call(listVersions, "GET", `${base(a)}/flows/${id}/versions`, {
      user: as(a, "viewer"),
      params: p(a, { id }),
    });
    expect((versions.json.versions as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);
    const v1 = await call(getVersion, "GET", `${base(a)}/flows/${id}/versions/1`, {
      user: as(a, "viewer"),
      params: p(a, { id, version: "1" }),
    });
    expect((v1.json.version as { graph: { nodes: unknown[] } }).graph.nodes).toHaveLength(3);

    const byMember = await call(deleteFlow, "DELETE", `${base(a)}/flows/${id}`, {
      user: as(a, "member"),
      params: p(a, { id }),
    });
    expect(byMember.status).toBe(403);
    const byAdmin = await call(deleteFlow, "DELETE", `${base(a)}/flows/${id}`, {
      user: as(a, "admin"),
      params: p(a, { id }),
    });
    expect(byAdmin.status).toBe(200);
    expect(
      await sql`select 1 from public.flow_versions where flow_id = ${id}`.execute(db).then((r) => r.rows),
    ).toEqual([]);
  });

  it("shows the webhook URL to members, rotates it and sets a secret shown once (admins)", async () => {
    const id = await publishedFlow(a, simpleGraph);
    const viewer = await call(getWebhook, "GET", `${base(a)}/flows/${id}/webhook`, {
      user: as(a, "viewer"),
      params: p(a, { id }),
    });
    expect(viewer.status).toBe(403);
    const first = await call(getWebhook, "GET", `${base(a)}/flows/${id}/webhook`, {
      user: as(a, "member"),
      params: p(a, { id }),
    });
    const url = (first.json.webhook as { url: string }).url;
    expect(url).toMatch(/\/api\/hooks\/flows\/[A-Za-z0-9_-]{43}$/);
    const byMember = await call(changeWebhook, "POST", `${base(a)}/flows/${id}/webhook`, {
      user: as(a, "member"),
      params: p(a, { id }),
      body: { action: "rotate_token" },
    });
    expect(byMember.status).toBe(403);
    const rotated = await call(changeWebhook, "POST", `${base(a)}/flows/${id}/webhook`, {
      user: as(a, "admin"),
      params: p(a, { id }),
      body: { action: "rotate_token" },
    });
    expect((rotated.json.webhook as { url: string }).url).not.toBe(url);
    const secret = await call(changeWebhook, "POST", `${base(a)}/flows/${id}/webhook`, {
      user: as(a, "admin"),
      params: p(a, { id }),
      body: { action: "set_secret" },
    });
    expect(secret.json.webhook).toMatchObject({
      hasSecret: true,
      secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const again = await call(getWebhook, "GET", `${base(a)}/flows/${id}/webhook`, {
      user: as(a, "member"),
      params: p(a, { id }),
    });
    expect(again.json.webhook).toMatchObject({ hasSecret: true, secret: null });
  });
});

describe("runs", () => {
  it("runs the published flow and the draft, lists with filters and a cursor, reads node results", async () => {
    const id = await publishedFlow(a, simpleGraph);
    const started = await call(startRun, "POST", `${base(a)}/flows/${id}/runs`, {
      user: as(a, "member"),
      params: p(a, { id }),
      body: { input: { x: 7 } },
    });
    expect(started.status).toBe(201);
    const runId = (started.json.run as { id: string }).id;
    expect(started.json.run).toMatchObject({ trigger: "manual", version: 1 });
    await waitForRun(db, runId);
    const read = await call(getRun, "GET", `${base(a)}/flow-runs/${runId}`, {
      user: as(a, "viewer"),
      params: p(a, { id: runId }),
    });
    expect(read.json.run).toMatchObject({ status: "succeeded", output: { v: 7 } });
    const nodes = (
      read.json.run as { nodes: { nodeId: string; status: string; durationMs: number | null }[] }
    ).nodes;
    expect(nodes.map((n) => [n.nodeId, n.status])).toEqual([
      ["start", "succeeded"],
      ["t", "succeeded"],
    ]);

    const draft = await call(startRun, "POST", `${base(a)}/flows/${id}/runs`, {
      user: as(a, "member"),
      params: p(a, { id }),
      body: { input: { x: 1 }, source: "draft" },
    });
    expect(draft.json.run).toMatchObject({ version: null });
    await waitForRun(db, (draft.json.run as { id: string }).id);

    const page1 = await call(listRuns, "GET", `${base(a)}/flow-runs`, {
      user: as(a, "viewer"),
      params: p(a),
      search: `flowId=${id}&limit=1`,
    });
    const runs1 = page1.json.runs as { id: string }[];
    expect(runs1).toHaveLength(1);
    const page2 = await call(listRuns, "GET", `${base(a)}/flow-runs`, {
      user: as(a, "viewer"),
      params: p(a),
      search: `flowId=${id}&limit=1&cursor=${page1.json.nextCursor}`,
    });
    expect([...runs1, ...(page2.json.runs as { id: string }[])].map((r) => r.id).sort()).toEqual(
      [runId, (draft.json.run as { id: string }).id].sort(),
    );
    expect(page2.json.nextCursor).toBeNull();
    const filtered = await call(listRuns, "GET", `${base(a)}/flow-runs`, {
      user: as(a, "viewer"),
      params: p(a),
      search: `flowId=${id}&status=failed`,
    });
    expect(filtered.json.runs).toEqual([]);
    const bad = await call(listRuns, "GET", `${base(a)}/flow-runs`, {
      user: as(a, "viewer"),
      params: p(a),
      search: "status=exploded",
    });
    expect(bad).toMatchObject({ status: 400, code: "validation_failed" });
    const badCursor = await call(listRuns, "GET", `${base(a)}/flow-runs`, {
      user: as(a, "viewer"),
      params: p(a),
      search: "cursor=zzz",
    });
    expect(badCursor).toMatchObject({ status: 400, code: "validation_failed" });

    const viewerRun = await call(startRun, "POST", `${base(a)}/flows/${id}/runs`, {
      user: as(a, "viewer"),
      params: p(a, { id }),
      body: {},
    });
    expect(viewerRun.status).toBe(403);
    const retryOk = await call(retryRun, "POST", `${base(a)}/flow-runs/${runId}/retry`, {
      user: as(a, "member"),
      params: p(a, { id: runId }),
    });
    expect(retryOk).toMatchObject({ status: 409, code: "conflict" });
  });

  it("a test run of a draft with issues is a 400 and records no run", async () => {
    const made = await create(a, {
      name: "Broken draft",
      graph: { nodes: [manual], edges: edges("start>ghost") },
    });
    const id = (made.json.flow as { id: string }).id;
    const res = await call(startRun, "POST", `${base(a)}/flows/${id}/runs`, {
      user: as(a, "member"),
      params: p(a, { id }),
      body: { source: "draft" },
    });
    expect(res).toMatchObject({ status: 400, code: "validation_failed" });
    expect((await sql`select 1 from public.flow_runs where flow_id = ${id}`.execute(db)).rows).toEqual([]);
  });

  it("an unpublished flow cannot run its published version", async () => {
    const made = await create(a, { name: "Draft only", graph: simpleGraph });
    const id = (made.json.flow as { id: string }).id;
    const res = await call(startRun, "POST", `${base(a)}/flows/${id}/runs`, {
      user: as(a, "member"),
      params: p(a, { id }),
      body: {},
    });
    expect(res).toMatchObject({ status: 409, code: "conflict" });
  });

  it("lists a waiting approval, resolves it in the web API and the run resumes; a second decision is a 409", async () => {
    const id = await publishedFlow(a, approvalGraph);
    const started = await call(startRun, "POST", `${base(a)}/flows/${id}/runs`, {
      user: as(a, "member"),
      params: p(a, { id }),
      body: { input: { x: "boxes" } },
    });
    const runId = (started.json.run as { id: string }).id;
    await waitForRun(db, runId, ["waiting"]);
    const pending = await call(listApprovals, "GET", `${base(a)}/flow-approvals`, {
      user: as(a, "viewer"),
      params: p(a),
    });
    expect(pending.json.approvals).toContainEqual(
      expect.objectContaining({ runId, nodeId: "ok", message: "Ship boxes?", status: "pending" }),
    );
    const byViewer = await call(resolveApproval, "POST", `${base(a)}/flow-runs/${runId}/approvals/ok`, {
      user: as(a, "viewer"),
      params: p(a, { id: runId, nodeId: "ok" }),
      body: { decision: "approve" },
    });
    expect(byViewer).toMatchObject({ status: 403, code: "forbidden" });
    const badBody = await call(resolveApproval, "POST", `${base(a)}/flow-runs/${runId}/approvals/ok`, {
      user: as(a, "member"),
      params: p(a, { id: runId, nodeId: "ok" }),
      body: { decision: "maybe" },
    });
    expect(badBody.status).toBe(400);
    const decided = await call(resolveApproval, "POST", `${base(a)}/flow-runs/${runId}/approvals/ok`, {
      user: as(a, "member"),
      params: p(a, { id: runId, nodeId: "ok" }),
      body: { decision: "reject", payload: { why: "no" }, comment: "not today" },
    });
    expect(decided.status).toBe(200);
    expect((await waitForRun(db, runId)).output).toEqual({ v: "rejected" });
    const twice = await call(resolveApproval, "POST", `${base(a)}/flow-runs/${runId}/approvals/ok`, {
      user: as(a, "member"),
      params: p(a, { id: runId, nodeId: "ok" }),
      body: { decision: "approve" },
    });
    expect(twice).toMatchObject({ status: 409, code: "conflict" });
  });

  it("cancels a waiting run", async () => {
    const id = await publishedFlow(a, approvalGraph);
    const started = await call(startRun, "POST", `${base(a)}/flows/${id}/runs`, {
      user: as(a, "member"),
      params: p(a, { id }),
      body: {},
    });
    const runId = (started.json.run as { id: string }).id;
    await waitForRun(db, runId, ["waiting"]);
    const { cancelFlowRun } = await import("@/lib/flows");
    await expect(cancelFlowRun(as(a, "viewer").scope(a.id), runId)).rejects.toMatchObject({
      code: "forbidden",
    });
    const canceled = await call(cancelRun, "POST", `${base(a)}/flow-runs/${runId}/cancel`, {
      user: as(a, "member"),
      params: p(a, { id: runId }),
    });
    expect(canceled.json.run).toMatchObject({ status: "canceled" });
  });

  it("another workspace's member sees and changes none of it", async () => {
    const id = await publishedFlow(a, approvalGraph);
    const started = await call(startRun, "POST", `${base(a)}/flows/${id}/runs`, {
      user: as(a, "member"),
      params: p(a, { id }),
      body: {},
    });
    const runId = (started.json.run as { id: string }).id;
    await waitForRun(db, runId, ["waiting"]);
    const other = as(b, "owner");
    const probes = [
      await call(getFlow, "GET", `${base(b)}/flows/${id}`, { user: other, params: p(b, { id }) }),
      await call(patchFlow, "PATCH", `${base(b)}/flows/${id}`, {
        user: other,
        params: p(b, { id }),
        body: { enabled: false },
      }),
      await call(publish, "POST", `${base(b)}/flows/${id}/publish`, {
        user: other,
        params: p(b, { id }),
        body: {},
      }),
      await call(startRun, "POST", `${base(b)}/flows/${id}/runs`, {
        user: other,
        params: p(b, { id }),
        body: {},
      }),
      await call(getRun, "GET", `${base(b)}/flow-runs/${runId}`, {
        user: other,
        params: p(b, { id: runId }),
      }),
      await call(cancelRun, "POST", `${base(b)}/flow-runs/${runId}/cancel`, {
        user: other,
        params: p(b, { id: runId }),
      }),
      await call(resolveApproval, "POST", `${base(b)}/flow-runs/${runId}/approvals/ok`, {
        user: other,
        params: p(b, { id: runId, nodeId: "ok" }),
        body: { decision: "approve" },
      }),
      await call(getWebhook, "GET", `${base(b)}/flows/${id}/webhook`, { user: other, params: p(b, { id }) }),
      await call(deleteFlow, "DELETE", `${base(b)}/flows/${id}`, { user: other, params: p(b, { id }) }),
    ];
    expect(probes.map((r) => r.status)).toEqual(probes.map(() => 404));
    const approvals = await call(listApprovals, "GET", `${base(b)}/flow-approvals`, {
      user: other,
      params: p(b),
    });
    expect(approvals.json.approvals).toEqual([]);
    const runs = await call(listRuns, "GET", `${base(b)}/flow-runs`, { user: other, params: p(b) });
    expect(runs.json.runs).toEqual([]);
    // Using workspace a's slug without a membership is refused before anything runs.
    const outsider = await call(getRun, "GET", `${base(a)}/flow-runs/${runId}`, {
      user: other,
      params: p(a, { id: runId }),
    });
    expect([403, 404]).toContain(outsider.status);
    expect(
      (await sql<{ status: string }>`select status from public.flow_runs where id = ${runId}`.execute(db))
        .rows[0]?.status,
    ).toBe("waiting");
  });
});

describe("settings and node types", () => {
  it("viewers read the settings, only admins change them, and bad values are 400s", async () => {
    const read = await call(getSettings, "GET", `${base(a)}/flow-settings`, {
      user: as(a, "viewer"),
      params: p(a),
    });
    expect(read.json.settings).toEqual({ runRetentionDays: 30, maxConcurrentRuns: 10 });
    const byMember = await call(patchSettings, "PATCH", `${base(a)}/flow-settings`, {
      user: as(a, "member"),
      params: p(a),
      body: { runRetentionDays: 7 },
    });
    expect(byMember.status).toBe(403);
    for (const body of [{ runRetentionDays: 0 }, { maxConcurrentRuns: 101 }, {}, { other: 1 }]) {
      const bad = await call(patchSettings, "PATCH", `${base(a)}/flow-settings`, {
        user: as(a, "admin"),
        params: p(a),
        body,
      });
      expect(bad).toMatchObject({ status: 400, code: "validation_failed" });
    }
    const ok = await call(patchSettings, "PATCH", `${base(a)}/flow-settings`, {
      user: as(a, "admin"),
      params: p(a),
      body: { runRetentionDays: 7 },
    });
    expect(ok.json.settings).toEqual({ runRetentionDays: 7, maxConcurrentRuns: 10 });
    const otherWs = await call(getSettings, "GET", `${base(b)}/flow-settings`, {
      user: as(b, "viewer"),
      params: p(b),
    });
    expect(otherWs.json.settings).toEqual({ runRetentionDays: 30, maxConcurrentRuns: 10 });
  });

  it("lists every registered node type with its config schema", async () => {
    const res = await call(nodeTypes, "GET", `${base(a)}/flow-node-types`, {
      user: as(a, "viewer"),
      params: p(a),
    });
    const types = (res.json.nodeTypes as { type: string; configSchema: { type?: string } }[]).map(
      (t) => t.type,
    );
    expect(types).toEqual(
      expect.arrayContaining([
        "manual_trigger",
        "webhook_trigger",
        "schedule_trigger",
        "event_trigger",
        "approval",
        "transform",
      ]),
    );
  });
});
