import { sql } from "kysely";
import { runAsUser } from "@/lib/db/rls";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { subscribeRunEvents } from "@/lib/flows/engine";
import { withWorkspace } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FINAL = new Set(["succeeded", "failed", "canceled"]);

interface RunSnapshot {
  id: string;
  status: string;
  error: unknown;
  output: unknown;
}
interface NodeResult {
  nodeId: string;
  itemKey: string;
  status: string;
  attempt: number;
  input: unknown;
  output: unknown;
  port: string | null;
  error: unknown;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
}

type Claims = Parameters<typeof runAsUser>[0];

/** Reads through RLS, so a run of another workspace (or one the caller cannot see) is not found. */
async function readRun(claims: Claims, workspaceId: string, runId: string, nodeId?: string) {
  return runAsUser(claims, async (tx) => {
    const run = await sql<RunSnapshot>`
      select id, status, error, output from public.flow_runs
       where id = ${runId} and workspace_id = ${workspaceId}`.execute(tx);
    if (!run.rows[0]) return null;
    const nodes = await sql<NodeResult>`
      select node_id as "nodeId", item_key as "itemKey", status, attempt, input, output, port, error,
             started_at as "startedAt", finished_at as "finishedAt", duration_ms as "durationMs"
        from public.flow_node_runs
       where run_id = ${runId} and workspace_id = ${workspaceId}
         ${nodeId === undefined ? sql`` : sql`and node_id = ${nodeId}`}
       order by started_at, node_id, item_key`.execute(tx);
    return { run: run.rows[0], nodes: nodes.rows };
  });
}

/**
 * Live status of one flow run (the editor's "Test run" and the runs page):
 * first a `snapshot` with the run and every node result so far, then a `node`
 * event with the full result whenever a node changes and a `run` event when the
 * run's status changes; the stream ends after the run's final status.
 */
export const GET = withWorkspace(
  async (ctx) => {
    const runId = ctx.params.id ?? "";
    if (!UUID.test(runId)) throw new AppError("not_found", "Flow run not found");
    const claims = ctx.session.claims;
    const workspaceId = ctx.workspace.id;
    const first = await readRun(claims, workspaceId, runId);
    if (!first) throw new AppError("not_found", "Flow run not found");

    const encoder = new TextEncoder();
    const signal = ctx.req.signal;
    let cleanup = () => {};
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        let done = false;
        let unsubscribe = () => {};
        let heartbeat: ReturnType<typeof setInterval> | undefined;
        const send = (event: string, data: unknown) => {
          if (done) return;
          try {
            controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
          } catch {
            cleanup();
          }
        };
        cleanup = () => {
          if (done) return;
          done = true;
          clearInterval(heartbeat);
          unsubscribe();
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        };
        signal.addEventListener("abort", () => cleanup(), { once: true });
        // Events are serialized so a node's result never overtakes the run's final status.
        let chain = Promise.resolve();
        const onEvent = (e: { nodeId?: string; status: string }) => {
          chain = chain.then(async () => {
            if (done) return;
            const now = await readRun(claims, workspaceId, runId, e.nodeId).catch(() => null);
            if (!now) return cleanup();
            if (e.nodeId) for (const n of now.nodes) send("node", n);
            else {
              send("run", now.run);
              if (FINAL.has(now.run.status)) cleanup();
            }
          });
        };
        try {
          unsubscribe = await subscribeRunEvents(runId, onEvent);
        } catch {
          cleanup();
          return;
        }
        // Read again after subscribing: nothing that changed in between is missed.
        const snap = (await readRun(claims, workspaceId, runId).catch(() => null)) ?? first;
        send("snapshot", snap);
        if (FINAL.has(snap.run.status)) return cleanup();
        heartbeat = setInterval(
          () => send("ping", { at: Date.now() }),
          env().EVENT_STREAM_HEARTBEAT_SECONDS * 1000,
        );
      },
      cancel() {
        cleanup();
      },
    });
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      },
    });
  },
  { role: "viewer" },
);
