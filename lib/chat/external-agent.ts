import { randomUUID } from "node:crypto";
import { createUIMessageStream, type UIMessageChunk } from "ai";
import { z } from "zod";
import { AppError, toAppError } from "../errors";
import { safeFetch } from "../net/ssrf";
import type { TurnContext } from "./begin-turn";
import { storeFailedReply } from "./finish-reply";
import { type ChatScope, finishAssistantMessage } from "./persist";
import type { ChatMessageMetadata } from "./schema";
import { maybeTitleConversation } from "./title";
import type { StartedReply } from "./turn";

// What an external agent endpoint must answer (DOM360's agent API): the reply text.
const replySchema = z.union([
  z.object({ reply: z.string() }),
  z.object({ message: z.string() }),
  z.object({ text: z.string() }),
]);

export interface ExternalAgentRequest {
  request_id: string;
  workspace: { id: string; slug: string };
  agent: { id: string; name: string; type: string; version: number; instructions: string };
  conversation: { id: string };
  message: { id: string; text: string };
  rag_options: { enabled: boolean; top_k: number };
}

/** POSTs the turn to the agent's own endpoint (SSRF-guarded, time-limited) and returns its reply. */
export async function callExternalAgent(
  url: string,
  timeoutMs: number,
  body: ExternalAgentRequest,
): Promise<string> {
  const res = await safeFetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-request-id": body.request_id },
    body: JSON.stringify(body),
    timeoutMs,
    maxBytes: 1_000_000,
  });
  if (!res.ok) {
    throw new AppError("unavailable", `The agent endpoint answered ${res.status}.`, {
      details: { status: res.status },
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await res.text());
  } catch (e) {
    throw new AppError("unavailable", "The agent endpoint did not answer with JSON.", { cause: e });
  }
  const ok = replySchema.safeParse(parsed);
  if (!ok.success) {
    throw new AppError("unavailable", 'The agent endpoint\'s answer has no "reply" text.', {
      cause: ok.error,
    });
  }
  const data = ok.data;
  return "reply" in data ? data.reply : "message" in data ? data.message : data.text;
}

/**
 * The external-endpoint path of a turn: the agent's own service answers in one
 * piece, which is stored before the turn is returned and streamed in the same
 * wire format as a model's. A failure is stored on the reply and thrown.
 */
export async function startExternalReply(
  ctx: ChatScope,
  turn: TurnContext,
  opts: { url: string; workspaceSlug: string; started: number },
): Promise<StartedReply> {
  const { agent, conversation, userMessage, assistant, lastText } = turn;
  let reply: string;
  let message: Awaited<ReturnType<typeof finishAssistantMessage>>;
  try {
    reply = await callExternalAgent(opts.url, agent.externalTimeoutMs, {
      request_id: randomUUID(),
      workspace: { id: ctx.workspaceId, slug: opts.workspaceSlug },
      agent: {
        id: agent.id,
        name: agent.name,
        type: agent.type,
        version: agent.version,
        instructions: agent.instructions,
      },
      conversation: { id: conversation.id },
      message: { id: userMessage?.id ?? assistant.id, text: lastText },
      rag_options: { enabled: agent.ragEnabled, top_k: agent.ragTopK },
    });
    const total = Math.round(performance.now() - opts.started);
    message = await finishAssistantMessage(ctx, assistant, {
      parts: [{ type: "text", text: reply, state: "done" }],
      status: "complete",
      inputTokens: 0,
      outputTokens: 0,
      cost: 0,
      latencyFirstTokenMs: total,
      latencyTotalMs: total,
    });
  } catch (e) {
    await storeFailedReply(ctx, assistant, opts.started, e);
    throw toAppError(e);
  }
  const metadata: ChatMessageMetadata = {
    conversationId: conversation.id,
    messageId: assistant.id,
    index: assistant.index,
    model: "external",
    offline: false,
  };
  // The reply is stored already: only the title is still to come.
  const finished = maybeTitleConversation(ctx, conversation, lastText).then(() => message);
  return { stream: replyAsUIStream(reply, assistant.id, { ...metadata }), finished };
}

/** Streams an already complete reply in the same wire format as a model's. */
export function replyAsUIStream(
  text: string,
  messageId: string,
  metadata: Record<string, unknown>,
): ReadableStream<UIMessageChunk> {
  return createUIMessageStream({
    execute({ writer }) {
      writer.write({ type: "start", messageId, messageMetadata: metadata });
      writer.write({ type: "text-start", id: "t0" });
      writer.write({ type: "text-delta", id: "t0", delta: text });
      writer.write({ type: "text-end", id: "t0" });
      writer.write({ type: "finish" });
    },
  });
}
