import { AppError } from "../../errors";
import { subscribeTyping, subscribeWorkspace } from "../../realtime/listener";
import { WIDGET_LIMITS } from "./limits";

// Open streams per visitor, per process (like the LISTEN connection they share).
const store = globalThis as unknown as { __switchboardWidgetStreams?: Map<string, number> };
const open = () => {
  store.__switchboardWidgetStreams ??= new Map();
  return store.__switchboardWidgetStreams;
};

function takeSlot(visitorKey: string): () => void {
  const held = open().get(visitorKey) ?? 0;
  if (held >= WIDGET_LIMITS.streamsPerVisitor) {
    throw new AppError("rate_limited", "Too many open chat windows. Close one and try again.", {
      details: { reason: "too_many_streams", limit: WIDGET_LIMITS.streamsPerVisitor },
      retryAfterSeconds: 30,
    });
  }
  open().set(visitorKey, held + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (open().get(visitorKey) ?? 1) - 1;
    if (left <= 0) open().delete(visitorKey);
    else open().set(visitorKey, left);
  };
}

export interface VisitorStreamOptions {
  heartbeatMs?: number;
  /** The stream ends after this long; the widget reconnects, and its token and conversation are checked again. */
  maxLifetimeMs?: number;
}

/**
 * Live updates for one visitor: server-sent events that say "your conversation
 * changed" (a member replied, the bot answered on the worker, the conversation
 * was handed over), ids only, and "a person is typing"; the widget re-reads
 * its history through the token-checked API. Only the visitor's own
 * conversation's events pass.
 */
export async function visitorEventStream(
  v: { workspaceId: string; conversationId: string; visitorKey: string },
  signal: AbortSignal,
  opts: VisitorStreamOptions = {},
): Promise<Response> {
  const release = takeSlot(v.visitorKey);
  const encoder = new TextEncoder();
  let cleanup = release;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let done = false;
      let unsubscribe = () => {};
      const timers: ReturnType<typeof setTimeout>[] = [];
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
        for (const t of timers) clearTimeout(t);
        unsubscribe();
        release();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      signal.addEventListener("abort", cleanup, { once: true });
      if (signal.aborted) return cleanup();
      try {
        const offChanges = await subscribeWorkspace(v.workspaceId, (e) => {
          if (e.conversationId === v.conversationId) send("change", { conversationId: v.conversationId });
        });
        // A member typing a reply in the Inbox (lib/channels/typing.ts): the widget shows "typing…".
        const offTyping = await subscribeTyping(v.conversationId, () => send("typing", {}));
        unsubscribe = () => {
          offChanges();
          offTyping();
        };
      } catch (e) {
        cleanup();
        throw e;
      }
      if (done) return unsubscribe();
      timers.push(setInterval(() => send("ping", { at: Date.now() }), opts.heartbeatMs ?? 20_000));
      timers.push(setTimeout(cleanup, opts.maxLifetimeMs ?? 5 * 60_000));
      send("ready", { conversationId: v.conversationId });
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
