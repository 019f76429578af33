import { createUIMessageStreamResponse } from "ai";
import type { ChatScope } from "./persist";
import type { ChatRequest } from "./schema";
import { type ChatTurn, type ChatTurnOptions, startChatTurn } from "./turn";

export interface SendOptions extends ChatTurnOptions {
  /** Keeps the finishing work alive after the response is returned (serverless hosts). */
  waitUntil?: (p: Promise<unknown>) => void;
}

/** A turn as the browser's useChat reads it: the UI message stream as server-sent events. */
export function chatTurnResponse(turn: ChatTurn): Response {
  return createUIMessageStreamResponse({
    stream: turn.stream,
    // no-transform: Next's gzip would otherwise buffer the stream and delay every token.
    headers: { "x-conversation-id": turn.conversationId, "cache-control": "no-cache, no-transform" },
  });
}

/**
 * One chat turn over HTTP: started (the user's message stored, the agent
 * running), answered as a stream; the reply is stored server-side whether or
 * not the client is still listening.
 */
export async function sendChatMessage(
  ctx: ChatScope,
  req: ChatRequest,
  opts: SendOptions,
): Promise<Response> {
  const turn = await startChatTurn(ctx, req, opts);
  // The result logs its own failure; the host only has to keep the process alive until it settles.
  opts.waitUntil?.(turn.result.then(ignore, ignore));
  return chatTurnResponse(turn);
}

function ignore() {}
