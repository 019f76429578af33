import { randomUUID } from "node:crypto";
import {
  APICallError,
  convertToModelMessages,
  RetryError,
  type StepResult,
  stepCountIs,
  streamText,
  type ToolSet,
} from "ai";
import { AppError, toAppError } from "../errors";
import { integrationToolSet } from "../integrations/chat-tools";
import { logger } from "../logger";
import { costOf, priceFor, resolveModel } from "../providers";
import { subscribeChatStop } from "../realtime/listener";
import { buildTools } from "../tools";
import { beginChatTurn } from "./begin-turn";
import { callExternalAgent, replyAsUIStream } from "./external-agent";
import { partsFromSteps } from "./parts";
import { type ChatScope, finishAssistantMessage } from "./persist";
import type { ChatMessageMetadata, ChatRequest } from "./schema";
import { maybeTitleConversation } from "./title";

export interface SendOptions {
  workspaceSlug: string;
  /** Ends a model call that takes longer than this, retries included. */
  timeoutMs?: number;
  /** Keeps the finishing work alive after the response is returned (serverless hosts). */
  waitUntil?: (p: Promise<unknown>) => void;
}

/** Safe, user-facing description of a provider failure, and whether a retry could help. */
export function describeFailure(e: unknown): { code: string; message: string; retryable: boolean } {
  if (e instanceof Error && (e.name === "AbortError" || e.name === "TimeoutError")) {
    return { code: "timeout", message: "The model did not answer in time.", retryable: true };
  }
  // Once its retries are used up the SDK throws a RetryError: the status is on the last attempt.
  const last = RetryError.isInstance(e) ? e.lastError : e;
  const status = APICallError.isInstance(last) ? last.statusCode : undefined;
  if (status === 429)
    return {
      code: "rate_limited",
      message: "The model provider is rate-limiting requests.",
      retryable: true,
    };
  if (status && status >= 500)
    return { code: "provider_error", message: `The model provider failed (${status}).`, retryable: true };
  if (status === 401 || status === 403) {
    return { code: "provider_auth", message: "The model provider rejected the API key.", retryable: false };
  }
  const app = toAppError(e);
  return app.status < 500
    ? { code: app.code, message: app.message, retryable: false }
    : { code: "provider_error", message: "The model call failed.", retryable: true };
}

/**
 * One chat turn: persist the user's message, run the agent (model with tools,
 * or its external endpoint), stream the reply, and persist the outcome
 * server-side whether or not the browser is still listening.
 */
export async function sendChatMessage(
  ctx: ChatScope,
  req: ChatRequest,
  opts: SendOptions,
): Promise<Response> {
  const scope = { claims: ctx.claims, workspaceId: ctx.workspaceId };
  const { agent, connectionVersion, conversation, userMessage, assistant, history, granted, lastText } =
    await beginChatTurn(ctx, req);
  const started = performance.now();

  let resolved: Awaited<ReturnType<typeof resolveModel>> | undefined;
  try {
    // A cached client when the connection is unchanged since it was built (no query, no decrypt).
    resolved = agent.externalEndpointUrl
      ? undefined
      : await resolveModel(scope, agent, { connectionVersion });
  } catch (e) {
    await failAssistant(ctx, assistant, started, e);
    throw toAppError(e);
  }
  const modelLabel = agent.externalEndpointUrl ? "external" : (resolved?.modelId ?? "unknown");
  const metadata: ChatMessageMetadata = {
    conversationId: conversation.id,
    messageId: assistant.id,
    index: assistant.index,
    model: modelLabel,
    offline: resolved?.offline ?? false,
  };
  const keepAlive = (p: Promise<unknown>) => (opts.waitUntil ? opts.waitUntil(p) : undefined);

  if (agent.externalEndpointUrl) {
    try {
      const reply = await callExternalAgent(agent.externalEndpointUrl, agent.externalTimeoutMs, {
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
      const total = Math.round(performance.now() - started);
      await finishAssistantMessage(ctx, assistant, {
        parts: [{ type: "text", text: reply, state: "done" }],
        status: "complete",
        inputTokens: 0,
        outputTokens: 0,
        cost: 0,
        latencyFirstTokenMs: total,
        latencyTotalMs: total,
      });
      keepAlive(maybeTitleConversation(ctx, conversation, lastText));
      return replyAsUIStream(reply, assistant.id, { ...metadata });
    } catch (e) {
      await failAssistant(ctx, assistant, started, e);
      throw toAppError(e);
    }
  }

  if (!resolved) throw new AppError("internal", "No model resolved.");
  const toolCtx = { claims: ctx.claims, workspaceId: ctx.workspaceId, conversationId: conversation.id };
  // External MCP tools connect lazily, on their first call; closed when the turn is stored.
  const integrations = integrationToolSet(granted, { ...toolCtx, agentId: agent.id });
  const tools = { ...buildTools(agent.tools, toolCtx), ...integrations.tools };
  let firstTokenMs: number | null = null;
  let failure: unknown;
  // Not the request's signal: a closed tab must not cut the reply short. Only a
  // member's Stop (from any tab or process, via stop_chat_reply) or the deadline does.
  const deadline = AbortSignal.timeout(opts.timeoutMs ?? 120_000);
  const stop = new AbortController();
  const unsubscribeStop = await subscribeChatStop(assistant.id, () => stop.abort()).catch((e) => {
    logger.warn({ err: e, messageId: assistant.id }, "chat: stop notifications unavailable for this reply");
    return () => {};
  });
  // What a stopped reply keeps: the finished steps and the text of the step in progress.
  let stepText = "";
  const finishedSteps: StepResult<ToolSet>[] = [];
  const result = streamText({
    model: resolved.model,
    system: agent.instructions || undefined,
    messages: await convertToModelMessages(history, { tools, ignoreIncompleteToolCalls: true }),
    tools,
    stopWhen: stepCountIs(agent.maxSteps),
    temperature: agent.temperature,
    maxRetries: 2,
    abortSignal: AbortSignal.any([deadline, stop.signal]),
    onChunk({ chunk }) {
      if (firstTokenMs === null && (chunk.type === "text-delta" || chunk.type === "tool-call")) {
        firstTokenMs = Math.round(performance.now() - started);
      }
      if (chunk.type === "text-delta") stepText += chunk.text;
    },
    onStepFinish(step) {
      finishedSteps.push(step as StepResult<ToolSet>);
      stepText = "";
    },
    onError({ error }) {
      failure = error;
    },
  });

  const finished = (async () => {
    let closing: Promise<void> | undefined;
    try {
      await result.consumeStream({
        onError: (e) => {
          failure ??= e;
        },
      });
      // No tool runs after the stream ends: close the MCP sessions while the reply is stored.
      closing = integrations.close();
      if (stop.signal.aborted) return await finishStopped();
      if (deadline.aborted) failure ??= deadline.reason ?? new DOMException("timed out", "TimeoutError");
      if (failure) return await failAssistant(ctx, assistant, started, failure);
      await finishFromResult(partsFromSteps(await result.steps), await result.totalUsage);
    } catch (e) {
      await failAssistant(ctx, assistant, started, failure ?? e);
    } finally {
      unsubscribeStop();
      await (closing ?? integrations.close());
    }
  })().catch((e) => logger.error({ err: e, messageId: assistant.id }, "chat: finishing the reply failed"));
  keepAlive(finished);

  async function finishStopped(): Promise<void> {
    const parts = partsFromSteps(finishedSteps);
    if (stepText) parts.push({ type: "step-start" }, { type: "text", text: stepText, state: "done" });
    // Usage is only reported at the end of a step: the unfinished one is not counted.
    const usage = { inputTokens: 0, outputTokens: 0 };
    for (const step of finishedSteps) {
      usage.inputTokens += step.usage.inputTokens ?? 0;
      usage.outputTokens += step.usage.outputTokens ?? 0;
    }
    await finishFromResult(parts, usage, "stopped");
  }

  async function finishFromResult(
    parts: ReturnType<typeof partsFromSteps>,
    usage: { inputTokens?: number; outputTokens?: number },
    status: "complete" | "stopped" = "complete",
  ): Promise<void> {
    if (!resolved) return;
    const price = await priceFor(scope, resolved.provider, resolved.modelId);
    await finishAssistantMessage(ctx, assistant, {
      parts,
      model: resolved.modelId,
      status,
      inputTokens: usage.inputTokens ?? 0,
      outputTokens: usage.outputTokens ?? 0,
      cost: costOf(price, usage.inputTokens ?? 0, usage.outputTokens ?? 0),
      latencyFirstTokenMs: firstTokenMs,
      latencyTotalMs: Math.round(performance.now() - started),
    });
    await maybeTitleConversation(ctx, conversation, lastText, resolved);
  }

  return result.toUIMessageStreamResponse({
    generateMessageId: () => assistant.id,
    messageMetadata: ({ part }) => (part.type === "start" ? { ...metadata } : undefined),
    onError: (e) => describeFailure(e).message,
    // no-transform: Next's gzip would otherwise buffer the stream and delay every token.
    headers: { "x-conversation-id": conversation.id, "cache-control": "no-cache, no-transform" },
  });
}

async function failAssistant(
  ctx: ChatScope,
  ref: Parameters<typeof finishAssistantMessage>[1],
  started: number,
  e: unknown,
) {
  const error = describeFailure(e);
  // Not the error object: provider errors carry the prompt and may echo the key back.
  const last = RetryError.isInstance(e) ? e.lastError : e;
  const status = APICallError.isInstance(last) ? last.statusCode : undefined;
  logger.warn(
    { messageId: ref.id, code: error.code, status, errorName: (e as Error)?.name },
    "chat: model call failed",
  );
  await finishAssistantMessage(ctx, ref, {
    parts: [],
    status: "error",
    error,
    inputTokens: 0,
    outputTokens: 0,
    cost: 0,
    latencyFirstTokenMs: null,
    latencyTotalMs: Math.round(performance.now() - started),
  });
}
