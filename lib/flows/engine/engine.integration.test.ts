import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Runner } from "graphile-worker";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SeedWorkspace, seedWorkspace } from "../../../test/db/workspace-kit";
import { createFlow, edges, nodeResults, readRun, waitForRun } from "../../../test/flows/flow-run-kit";
import { closeDb, getDb } from "../../db/client";
import { startWorker } from "../../worker";
import { cancelRun, resolveApproval, retryRun, startRun } from ".";

const url = process.env.DATABASE_URL as string;
const db = getDb();
let runner: Runner;
let ws: SeedWorkspace;
let fake: Server;
let fakeUrl: string;
/** Requests the fake saw, and effects it applied once per Idempotency-Key (as Stripe does). */
const seen: { path: string; key: string | undefined }[] = [];
const effects = new Map<string, number>();
let failFirst = 0;

const manual = { id: "start", type: "manual_trigger", name: "Start", config: {} };

beforeAll(async () => {
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  fake = createServer((req: IncomingMessage, res) => {
    const key = req.headers["idempotency-key"] as string | undefined;
    seen.push({ path: req.url ?? "", key });
    if (req.url?.startsWith("/slow")) return void setTimeout(() => res.end("late"), 3000);
    if (req.url?.startsWith("/flaky") && failFirst > 0) {
      failFirst--;
      res.writeHead(503).end("busy");
      return;
    }
    if (key) effects.set(key, (effects.get(key) ?? 0) + (effects.has(key) ? 0 : 1));
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ ok: true, path: req.url }));
  });
  await new Promise<void>((r) => fake.listen(0, "127.0.0.1", r));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  ws = await seedWorkspace(db, "flow-engine");
  runner = await startWorker({ connectionString: url, db, concurrency: 4 });
});

afterAll(async () => {
  await runner?.stop();
  fake?.close();
  await closeDb();
});

const run = async (graph: Parameters<typeof createFlow>[2], input: unknown = {}) => {
  const flowId = await createFlow(db, ws.id, graph);
  const { runId } = await startRun(db, {
    workspaceId: ws.id,
    flowId,
    source: "published",
    trigger: "api",
    input: input as never,
  });
  return { flowId, runId };
};

describe("flow engine", () => {
  it("runs a branching graph: taken branches run, the other is skipped, the end node's output is the run's", async () => {
    const { runId } = await run(
      {
        nodes: [
          manual,
          {
            id: "t",
            type: "transform",
            name: "Shape",
            config: { operations: [{ op: "set", field: "vip", value: "{{ $trigger.total }}" }] },
          },
          {
            id: "c",
            type: "condition",
            name: "Big",
            config: {
              rules: [{ left: '{{ $node["Shape"].output.vip }}', operator: "greater_than", right: 100 }],
            },
          },
          {
            id: "yes",
            type: "transform",
            name: "Yes",
            config: {
              keepInput: false,
              operations: [{ op: "set", field: "route", value: "vip {{ $trigger.name }}" }],
            },
          },
          { id: "no", type: "transform", name: "No", config: { operations: [] } },
        ],
        edges: edges("start>t", "t>c", "c:true>yes", "c:false>no"),
      },
      { total: 250, name: "Ada" },
    );
    const done = await waitForRun(db, runId);
    expect(done.status).toBe("succeeded");
    expect(done.output).toEqual({ route: "vip Ada" });
    const nodes = await nodeResults(db, runId);
    expect(nodes.c?.port).toBe("true");
    expect(nodes.no?.status).toBe("skipped");
    expect(nodes.t?.output).toEqual({ total: 250, name: "Ada", vip: 250 });
  });

  it("merges two branches once both finished", async () => {
    const { runId } = await run({
      nodes: [
        manual,
        {
          id: "a",
          type: "transform",
          name: "A",
          config: { keepInput: false, operations: [{ op: "set", field: "x", value: 1 }] },
        },
        {
          id: "b",
          type: "transform",
          name: "B",
          config: { keepInput: false, operations: [{ op: "set", field: "y", value: 2 }] },
        },
        { id: "m", type: "merge", name: "Join", config: { mode: "object" } },
      ],
      edges: edges("start>a", "start>b", "a>m:a", "b>m:b"),
    });
    const done = await waitForRun(db, runId);
    expect(done.output).toEqual({ a: { x: 1 }, b: { y: 2 }, c: null });
  });

  it("loops over items with $item and $index, and refuses more than the maximum", async () => {
    const ok = await run(
      {
        nodes: [
          manual,
          {
            id: "l",
            type: "loop",
            name: "Each",
            config: { items: "{{ $trigger.list }}", map: { n: "{{ $index }}", v: "{{ $item.v }}" } },
          },
        ],
        edges: edges("start>l"),
      },
      { list: [{ v: "a" }, { v: "b" }] },
    );
    expect((await waitForRun(db, ok.runId)).output).toEqual([
      { n: 0, v: "a" },
      { n: 1, v: "b" },
    ]);
    const tooMany = await run(
      {
        nodes: [
          manual,
          { id: "l", type: "loop", name: "Each", config: { items: "{{ $trigger.list }}", max: 2 } },
        ],
        edges: edges("start>l"),
      },
      { list: [1, 2, 3] },
    );
    const failed = await waitForRun(db, tooMany.runId);
    expect(failed.status).toBe("failed");
    expect(failed.error?.message).toContain("at most 2");
  });

  it("retries an HTTP node with backoff, sending the same Idempotency-Key each time", async () => {
    failFirst = 2;
    const { runId } = await run({
      nodes: [
        manual,
        {
          id: "h",
          type: "http_request",
          name: "Call",
          config: { method: "POST", url: `${fakeUrl}/flaky`, bodyType: "json", body: { a: 1 } },
          retry: { maxAttempts: 3, backoffMs: 10 },
        },
      ],
      edges: edges("start>h"),
    });
    const done = await waitForRun(db, runId, undefined, 30_000);
    expect(done.status).toBe("succeeded");
    const keys = seen.filter((s) => s.path === "/flaky").map((s) => s.key);
    expect(keys).toHaveLength(3);
    expect(new Set(keys)).toEqual(new Set([`${runId}:h:`]));
    expect((await nodeResults(db, runId)).h?.attempt).toBe(3);
  });

  it("fails a node at its timeout with a clear error, and retry resumes from the failed node", async () => {
    const { runId } = await run({
      nodes: [
        manual,
        { id: "a", type: "http_request", name: "First", config: { url: `${fakeUrl}/first` } },
        { id: "s", type: "http_request", name: "Slow", config: { url: `${fakeUrl}/slow` }, timeoutMs: 300 },
      ],
      edges: edges("start>a", "a>s"),
    });
    const failed = await waitForRun(db, runId);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatchObject({ code: "timeout", nodeId: "s" });
    const firstCalls = seen.filter((s) => s.key === `${runId}:a:`).length;
    await retryRun(db, ws.id, runId);
    await waitForRun(db, runId, ["failed", "succeeded"]);
    // The committed node did not run again.
    expect(seen.filter((s) => s.key === `${runId}:a:`).length).toBe(firstCalls);
    expect((await nodeResults(db, runId)).s?.attempt).toBe(2);
    await expect(retryRun(db, ws.id, runId)).resolves.toBeUndefined();
  });

  it("waits durably: a run parked on a wait finishes after a new runner starts", async () => {
    const { runId } = await run({
      nodes: [
        manual,
        { id: "w", type: "wait", name: "Pause", config: { seconds: 1 } },
        { id: "t", type: "transform", name: "After", config: {} },
      ],
      edges: edges("start>w", "w>t"),
    });
    await waitForRun(db, runId, ["waiting"]);
    await runner.stop();
    runner = await startWorker({ connectionString: url, db, concurrency: 4 });
    expect((await waitForRun(db, runId, undefined, 15_000)).status).toBe("succeeded");
  });

  it("cancels a waiting run at once", async () => {
    const { runId } = await run({
      nodes: [manual, { id: "w", type: "wait", name: "Pause", config: { seconds: 600 } }],
      edges: edges("start>w"),
    });
    await waitForRun(db, runId, ["waiting"]);
    expect(await cancelRun(db, ws.id, runId)).toBe("canceled");
    expect((await readRun(db, runId)).status).toBe("canceled");
  });

  const approvalGraph = (config: Record<string, unknown>) => ({
    nodes: [
      manual,
      { id: "ok", type: "approval", name: "Approve", config },
      {
        id: "yes",
        type: "transform",
        name: "Yes",
        config: { keepInput: false, operations: [{ op: "set", field: "went", value: "approved" }] },
      },
      {
        id: "no",
        type: "transform",
        name: "No",
        config: { keepInput: false, operations: [{ op: "set", field: "went", value: "rejected" }] },
      },
      {
        id: "late",
        type: "transform",
        name: "Late",
        config: { keepInput: false, operations: [{ op: "set", field: "went", value: "timeout" }] },
      },
    ],
    edges: edges("start>ok", "ok:approved>yes", "ok:rejected>no", "ok:timeout>late"),
  });

  it("pauses on an approval, refuses a lower role, and resumes on the decision with its payload", async () => {
    const { runId } = await run(
      approvalGraph({ message: "Refund {{ $trigger.amount }}?", requiredRole: "admin" }),
      { amount: 40 },
    );
    await waitForRun(db, runId, ["waiting"]);
    const { rows } = await sql<{
      message: string;
      status: string;
    }>`select message, status from public.flow_approvals where run_id = ${runId}`.execute(db);
    expect(rows[0]).toMatchObject({ message: "Refund 40?", status: "pending" });
    const decide = (role: "member" | "admin", decision: "approve" | "reject") =>
      resolveApproval(db, {
        workspaceId: ws.id,
        runId,
        nodeId: "ok",
        decision,
        payload: { note: "fine" },
        userId: ws.users[role].id,
        role,
      });
    await expect(decide("member", "approve")).rejects.toMatchObject({ code: "forbidden" });
    await decide("admin", "approve");
    await expect(decide("admin", "reject")).rejects.toMatchObject({ code: "conflict" });
    const done = await waitForRun(db, runId);
    expect(done.output).toEqual({ went: "approved" });
    expect((await nodeResults(db, runId)).ok?.output).toMatchObject({
      decision: "approved",
      payload: { note: "fine" },
    });
  });

  it("a rejection takes the rejected branch; an expired approval the timeout branch", async () => {
    const rejected = await run(approvalGraph({}));
    await waitForRun(db, rejected.runId, ["waiting"]);
    await resolveApproval(db, {
      workspaceId: ws.id,
      runId: rejected.runId,
      nodeId: "ok",
      decision: "reject",
      userId: null,
      role: "member",
    });
    expect((await waitForRun(db, rejected.runId)).output).toEqual({ went: "rejected" });

    const expiring = await run(approvalGraph({ expiresInSeconds: 1 }));
    const done = await waitForRun(db, expiring.runId, undefined, 15_000);
    expect(done.output).toEqual({ went: "timeout" });
    await expect(
      resolveApproval(db, {
        workspaceId: ws.id,
        runId: expiring.runId,
        nodeId: "ok",
        decision: "approve",
        userId: null,
        role: "owner",
      }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("approvals and cancels do not cross workspaces", async () => {
    const other = await seedWorkspace(db, "flow-engine-other");
    const { runId } = await run(approvalGraph({}));
    await waitForRun(db, runId, ["waiting"]);
    await expect(
      resolveApproval(db, {
        workspaceId: other.id,
        runId,
        nodeId: "ok",
        decision: "approve",
        userId: null,
        role: "owner",
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(cancelRun(db, other.id, runId)).rejects.toMatchObject({ code: "not_found" });
    expect((await readRun(db, runId)).status).toBe("waiting");
    await cancelRun(db, ws.id, runId);
  });

  it("runs a sub-flow and outputs its result; the same delivery key starts one run", async () => {
    const child = await createFlow(db, ws.id, {
      nodes: [
        manual,
        {
          id: "d",
          type: "transform",
          name: "Double",
          config: {
            keepInput: false,
            operations: [{ op: "set", field: "twice", value: "{{ $trigger.n }}{{ $trigger.n }}" }],
          },
        },
      ],
      edges: edges("start>d"),
    });
    const { runId } = await run(
      {
        nodes: [
          manual,
          {
            id: "sub",
            type: "sub_flow",
            name: "Child",
            config: { flowId: child, input: { n: "{{ $trigger.n }}" } },
          },
        ],
        edges: edges("start>sub"),
      },
      { n: 7 },
    );
    expect((await waitForRun(db, runId)).output).toEqual({ twice: "77" });

    const flowId = await createFlow(db, ws.id, { nodes: [manual], edges: [] });
    const first = await startRun(db, {
      workspaceId: ws.id,
      flowId,
      source: "published",
      trigger: "webhook",
      input: {},
      dedupeKey: "delivery-1",
    });
    const again = await startRun(db, {
      workspaceId: ws.id,
      flowId,
      source: "published",
      trigger: "webhook",
      input: {},
      dedupeKey: "delivery-1",
    });
    expect(again).toMatchObject({ runId: first.runId, created: false });
  });

  it("stores a respond_to_webhook answer on the run", async () => {
    const { runId } = await run(
      {
        nodes: [
          manual,
          {
            id: "r",
            type: "respond_to_webhook",
            name: "Answer",
            config: { status: 201, body: { got: "{{ $trigger.x }}" } },
          },
        ],
        edges: edges("start>r"),
      },
      { x: 5 },
    );
    expect((await waitForRun(db, runId)).response).toEqual({ status: 201, headers: {}, body: { got: 5 } });
  });

  it("keeps to the workspace's concurrency limit", async () => {
    const other = await seedWorkspace(db, "flow-engine-limit");
    await sql`insert into public.flow_settings (workspace_id, max_concurrent_runs) values (${other.id}, 1)`.execute(
      db,
    );
    const flowId = await createFlow(db, other.id, {
      nodes: [
        manual,
        { id: "h", type: "http_request", name: "Slowish", config: { url: `${fakeUrl}/first` } },
      ],
      edges: edges("start>h"),
    });
    const ids = await Promise.all(
      [1, 2, 3].map(() =>
        startRun(db, { workspaceId: other.id, flowId, source: "published", trigger: "api", input: {} }),
      ),
    );
    let most = 0;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { rows } = await sql<{ running: number; done: number }>`
        select count(*) filter (where status = 'running')::int as running,
               count(*) filter (where status = 'succeeded')::int as done
          from public.flow_runs where workspace_id = ${other.id}`.execute(db);
      most = Math.max(most, rows[0]?.running ?? 0);
      if ((rows[0]?.done ?? 0) === ids.length || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(most).toBeLessThanOrEqual(1);
    for (const { runId } of ids) expect((await readRun(db, runId)).status).toBe("succeeded");
  });

  it("runs a code node in the sandbox; a runaway one fails its run cleanly and the next run works", async () => {
    const code = (src: string) => ({
      nodes: [manual, { id: "js", type: "code", name: "JS", config: { code: src, timeoutMs: 200 } }],
      edges: edges("start>js"),
    });
    const ok = await run(
      code(
        "const m = {{ 'braces are code here' }}; return { sum: $trigger.a + $trigger.b, m };".replace(
          "{{ 'braces are code here' }}",
          "{a: {b: 1}}",
        ),
      ),
      { a: 2, b: 3 },
    );
    expect((await waitForRun(db, ok.runId)).output).toEqual({
      result: { sum: 5, m: { a: { b: 1 } } },
      logs: [],
    });
    const loop = await run(code("while (true) {}"));
    const failed = await waitForRun(db, loop.runId);
    expect(failed.error).toMatchObject({
      code: "bad_request",
      message: "Code took longer than 200 ms.",
      nodeId: "js",
    });
    const after = await run(code("return 1"));
    expect((await waitForRun(db, after.runId)).output).toEqual({ result: 1, logs: [] });
  });

  it("a draft run records the graph it ran", async () => {
    const flowId = await createFlow(db, ws.id, { nodes: [manual], edges: [] }, { draft: true });
    await expect(
      startRun(db, { workspaceId: ws.id, flowId, source: "published", trigger: "manual", input: {} }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    const { runId } = await startRun(db, {
      workspaceId: ws.id,
      flowId,
      source: "draft",
      trigger: "manual",
      input: { a: 1 },
    });
    expect((await waitForRun(db, runId)).output).toEqual({ a: 1 });
  });
});
