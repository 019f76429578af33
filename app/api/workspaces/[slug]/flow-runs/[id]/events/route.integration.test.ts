import type { Runner } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/lib/db/client";
import { closeRunEvents, startRun } from "@/lib/flows/engine";
import { startWorker } from "@/lib/worker";
import { createFlow, waitForRun } from "../../../../../../../test/flows/flow-run-kit";
import {
  APP,
  seedRouteWorkspace,
  type TestUser,
  type TestWorkspace,
} from "../../../../../../../test/http/web-api-kit";
import { GET } from "./route";

const db = getDb();
let a: TestWorkspace;
let b: TestWorkspace;
let runner: Runner;

beforeAll(async () => {
  [a, b] = await Promise.all([seedRouteWorkspace("flow-events-a"), seedRouteWorkspace("flow-events-b")]);
  runner = await startWorker({ connectionString: process.env.DATABASE_URL as string, db, concurrency: 2 });
});

afterAll(async () => {
  await runner?.stop();
  await closeRunEvents();
  await closeDb();
});

interface Sse {
  event: string;
  data: Record<string, unknown>;
}

async function open(user: TestUser, slug: string, id: string) {
  const ac = new AbortController();
  const req = new Request(`${APP}/api/workspaces/${slug}/flow-runs/${id}/events`, {
    headers: { cookie: user.cookie, origin: APP },
    signal: ac.signal,
  });
  const res = await GET(req, { params: Promise.resolve({ slug, id }) });
  return { res, ac };
}

/** Reads events until the server ends the stream (or the deadline). */
async function readAll(res: Response, ac: AbortController, timeoutMs = 15_000): Promise<Sse[]> {
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  const events: Sse[] = [];
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buf = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      for (let i = buf.indexOf("\n\n"); i >= 0; i = buf.indexOf("\n\n")) {
        const chunk = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const event = /^event: (.*)$/m.exec(chunk)?.[1] ?? "message";
        const data = /^data: (.*)$/m.exec(chunk)?.[1] ?? "{}";
        events.push({ event, data: JSON.parse(data) });
      }
    }
  } finally {
    clearTimeout(timer);
  }
  return events;
}

const graph = {
  nodes: [
    { id: "start", type: "manual_trigger", name: "Start", config: {} },
    { id: "pause", type: "wait", name: "Pause", config: { mode: "duration", seconds: 1 } },
    {
      id: "shape",
      type: "transform",
      name: "Shape",
      config: { keepInput: true, operations: [{ op: "set", field: "done", value: true }] },
    },
  ],
  edges: [
    { id: "e1", source: "start", target: "pause" },
    { id: "e2", source: "pause", target: "shape" },
  ],
};

describe("GET /flow-runs/{id}/events", () => {
  it("sends the run's node results so far, then each change, and ends after the final status", async () => {
    const flowId = await createFlow(db, a.id, graph);
    const { runId } = await startRun(db, {
      workspaceId: a.id,
      flowId,
      source: "published",
      trigger: "api",
      input: { hello: "world" },
    });
    const { res, ac } = await open(a.users.viewer, a.slug, runId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const events = await readAll(res, ac);
    expect(events[0]?.event).toBe("snapshot");
    const last = events.filter((e) => e.event !== "ping").at(-1);
    expect(last).toMatchObject({ event: "run", data: { id: runId, status: "succeeded" } });
    // Every node's final result arrived (in the snapshot or live), with its input, output and duration.
    const final = new Map<string, Record<string, unknown>>();
    const snap = events[0]?.data as { nodes: Record<string, unknown>[] };
    for (const n of snap.nodes) final.set(n.nodeId as string, n);
    for (const e of events) if (e.event === "node") final.set(e.data.nodeId as string, e.data);
    expect([...final.keys()].sort()).toEqual(["pause", "shape", "start"]);
    expect(final.get("shape")).toMatchObject({
      status: "succeeded",
      input: { hello: "world" },
      output: { hello: "world", done: true },
      error: null,
    });
    expect(typeof final.get("shape")?.durationMs).toBe("number");
    // The wait was seen live: it was not finished when the stream opened, or changed after.
    expect(events.some((e) => e.event === "node" && e.data.nodeId === "shape")).toBe(true);
  });

  it("answers a finished run's snapshot and ends at once", async () => {
    const flowId = await createFlow(db, a.id, { nodes: [graph.nodes[0] as never], edges: [] });
    const { runId } = await startRun(db, {
      workspaceId: a.id,
      flowId,
      source: "published",
      trigger: "api",
      input: {},
    });
    await waitForRun(db, runId);
    const { res, ac } = await open(a.users.member, a.slug, runId);
    const events = await readAll(res, ac, 5000);
    expect(events.map((e) => e.event)).toEqual(["snapshot"]);
    expect(events[0]?.data).toMatchObject({ run: { status: "succeeded" } });
    expect(ac.signal.aborted).toBe(false);
  });

  it("is not found for another workspace's run, an unknown id or a malformed id; forbidden to non-members", async () => {
    const flowId = await createFlow(db, a.id, { nodes: [graph.nodes[0] as never], edges: [] });
    const { runId } = await startRun(db, {
      workspaceId: a.id,
      flowId,
      source: "published",
      trigger: "api",
      input: {},
    });
    // B's member asks through B's workspace for A's run: RLS and the workspace filter hide it.
    const cross = await open(b.users.owner, b.slug, runId);
    expect(cross.res.status).toBe(404);
    expect((await cross.res.json()).error.code).toBe("not_found");
    const unknown = await open(a.users.viewer, a.slug, "00000000-0000-4000-8000-000000000000");
    expect(unknown.res.status).toBe(404);
    const malformed = await open(a.users.viewer, a.slug, "not-a-uuid");
    expect(malformed.res.status).toBe(404);
    // B's member is not in A's workspace at all.
    const outsider = await open(b.users.owner, a.slug, runId);
    expect([403, 404]).toContain(outsider.res.status);
  });
});
