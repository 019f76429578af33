import type { AuthSession, SessionStatus } from "../auth/types";
import { AppError } from "../errors";
import { getWorkspaceMembership } from "../workspaces";
import { type ChangeEvent, subscribeWorkspace } from "./listener";

export interface EventStreamOptions {
  heartbeatMs: number;
  /** Open streams one user may hold in this process; the next one is refused with 429. */
  maxPerUser: number;
  /** The auth adapter's check: is the session the stream was opened with still signed in? */
  sessionStatus: (session: AuthSession) => Promise<SessionStatus>;
}

// Per process, like the LISTEN connection the streams share.
const store = globalThis as unknown as { __switchboardStreams?: Map<string, number> };
const openStreams = () => {
  store.__switchboardStreams ??= new Map();
  return store.__switchboardStreams;
};

/** Takes one of the user's stream slots, or refuses; the returned function gives it back (once). */
function takeSlot(userId: string, max: number): () => void {
  const open = openStreams();
  const held = open.get(userId) ?? 0;
  if (held >= max) {
    throw new AppError(
      "rate_limited",
      `Too many open live-update connections (at most ${max}). Close a tab.`,
      {
        details: { reason: "too_many_streams", limit: max },
        retryAfterSeconds: 30,
      },
    );
  }
  open.set(userId, held + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (open.get(userId) ?? 1) - 1;
    if (left <= 0) open.delete(userId);
    else open.set(userId, left);
  };
}

/**
 * Server-sent events for one workspace. Events carry ids only; the browser
 * re-reads through the API (and so through RLS). Every heartbeat re-checks the
 * session the stream was opened with (a sign-out or a password change elsewhere
 * ends it) and the membership (a removed member stops receiving events).
 */
export async function workspaceEventStream(
  ctx: { session: AuthSession; workspaceId: string; slug: string },
  signal: AbortSignal,
  opts: EventStreamOptions,
): Promise<Response> {
  const release = takeSlot(ctx.session.user.id, opts.maxPerUser);
  const encoder = new TextEncoder();
  let cleanup = release;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: string, data: unknown) => {
        try {
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          cleanup();
        }
      };
      let unsubscribe = () => {};
      let heartbeat: ReturnType<typeof setInterval> | undefined;
      let done = false;
      cleanup = () => {
        if (done) return;
        done = true;
        clearInterval(heartbeat);
        unsubscribe();
        release();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      signal.addEventListener("abort", cleanup, { once: true });
      if (signal.aborted) cleanup();
      try {
        unsubscribe = await subscribeWorkspace(ctx.workspaceId, (e: ChangeEvent) => send("change", e));
      } catch (e) {
        cleanup();
        throw e;
      }
      if (done) {
        unsubscribe();
        return;
      }
      const member = { claims: ctx.session.claims };
      heartbeat = setInterval(async () => {
        const [session, still] = await Promise.all([
          // Unconfirmed is not active: end the stream and let the browser reconnect (and be checked again).
          opts.sessionStatus(ctx.session).catch(() => "expired" as const),
          getWorkspaceMembership(member, ctx.slug).catch(() => null),
        ]);
        if (done) return;
        if (session === "expired") {
          // No "closed" event: the browser reconnects, with the token its other requests refreshed.
          cleanup();
          return;
        }
        const reason =
          session === "ended"
            ? "session"
            : !still || still.workspace.id !== ctx.workspaceId
              ? "membership"
              : null;
        if (reason) {
          send("closed", { reason });
          cleanup();
          return;
        }
        send("ping", { at: Date.now() });
      }, opts.heartbeatMs);
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
