import { listMessages } from "../conversations";
import type { ChatMessage } from "../conversations/schema";
import { AppError } from "../errors";
import { textOfParts } from "./parts";
import type { ChatScope } from "./persist";
import type { ChatRequest } from "./schema";
import { type SendOptions, sendChatMessage } from "./send-message";

export interface ChatTurnResult {
  conversationId: string;
  /** The stored assistant message, read back after the turn was persisted. */
  message: ChatMessage;
  /** Its text parts joined: what the agent said. Empty when the turn failed. */
  text: string;
}

interface StartChunk {
  type: "start";
  messageId?: string;
  messageMetadata?: { conversationId?: string; messageId?: string; index?: number };
}

/** The "start" chunk of a UI message stream (SSE `data:` lines) names the stored assistant row. */
function findStart(body: string): StartChunk | undefined {
  for (const line of body.split("\n")) {
    if (!line.startsWith("data: ")) continue;
    const data = line.slice(6).trim();
    if (!data.startsWith("{")) continue;
    try {
      const chunk = JSON.parse(data) as { type?: string };
      if (chunk.type === "start") return chunk as StartChunk;
    } catch {
      // A data line that is not JSON ([DONE] and the like) carries nothing we need.
    }
  }
  return undefined;
}

/**
 * One chat turn for callers that want the answer, not a stream (the MCP
 * server, scripts): runs sendChatMessage, drains its stream, waits for the
 * background work it registered (the reply and its usage are written there),
 * then reads the assistant message back through RLS.
 */
export async function sendChatMessageAndWait(
  ctx: ChatScope,
  req: ChatRequest,
  opts: Omit<SendOptions, "waitUntil">,
): Promise<ChatTurnResult> {
  const pending: Promise<unknown>[] = [];
  const res = await sendChatMessage(ctx, req, { ...opts, waitUntil: (p) => pending.push(p) });
  const body = await res.text();
  // The background promises log and swallow their own failures; settle them all either way.
  await Promise.allSettled(pending);

  const start = findStart(body);
  const conversationId =
    start?.messageMetadata?.conversationId ?? res.headers.get("x-conversation-id") ?? undefined;
  const messageId = start?.messageMetadata?.messageId ?? start?.messageId;
  const index = start?.messageMetadata?.index;
  if (!conversationId || !messageId || !index) {
    throw new AppError("internal", "The chat turn did not report its reply.", {
      cause: new Error(`no start chunk in a ${body.length}-byte stream`),
    });
  }
  const [message] = await listMessages(ctx, conversationId, { before: index + 1, limit: 1 });
  if (!message || message.id !== messageId) {
    throw new AppError("internal", "The reply was not stored.", {
      cause: new Error(`assistant message ${messageId} not found at index ${index}`),
    });
  }
  return { conversationId, message, text: textOfParts(message.parts) };
}
