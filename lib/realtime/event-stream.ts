import { getWorkspaceMembership, type UserCtx } from "../workspaces";
import { type ChangeEvent, subscribeWorkspace } from "./listener";

const HEARTBEAT_MS = 25_000;

/**
 * Server-sent events for one workspace. Events carry ids only; the browser
 * re-reads through the API (and so through RLS). Membership is re-checked on
 * every heartbeat, so a removed member stops receiving events.
 */
export async function workspaceEventStream(
  ctx: UserCtx & { workspaceId: string; slug: string },
  signal: AbortSignal,
): Promise<Response> {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => {
        try {
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          cleanup();
        }
      };
      const unsubscribe = await subscribeWorkspace(ctx.workspaceId, (e: ChangeEvent) => send("change", e));
      const heartbeat = setInterval(async () => {
        const still = await getWorkspaceMembership(ctx, ctx.slug).catch(() => null);
        if (!still || still.workspace.id !== ctx.workspaceId) {
          send("closed", { reason: "membership" });
          cleanup();
          return;
        }
        send("ping", { at: Date.now() });
      }, HEARTBEAT_MS);
      let done = false;
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
      signal.addEventListener("abort", cleanup, { once: true });
      send("ready", { workspaceId: ctx.workspaceId });
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
}
