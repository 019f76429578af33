import { APICallError, RetryError } from "ai";
import type { ChatMessage } from "../conversations/schema";
import { toAppError } from "../errors";
import { logger } from "../logger";
import { costOf, priceFor, type ResolvedModel } from "../providers";
import type { StoredPart } from "./parts";
import { type ChatScope, finishAssistantMessage, type StoredRef } from "./persist";

// Finishing a reply, whichever path produced it: what is stored on the
// assistant row (parts, usage, cost, latencies) or, when it failed, the error.

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

/** Stores a failed reply: no output, the safe description of the failure. */
export async function storeFailedReply(
  ctx: ChatScope,
  ref: StoredRef,
  started: number,
  e: unknown,
): Promise<ChatMessage | undefined> {
  const error = describeFailure(e);
  // Not the error object: provider errors carry the prompt and may echo the key back.
  const last = RetryError.isInstance(e) ? e.lastError : e;
  const status = APICallError.isInstance(last) ? last.statusCode : undefined;
  logger.warn(
    { messageId: ref.id, code: error.code, status, errorName: (e as Error)?.name },
    "chat: model call failed",
  );
  return finishAssistantMessage(ctx, ref, {
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

export interface ModelReplyOutcome {
  parts: StoredPart[];
  usage: { inputTokens?: number; outputTokens?: number };
  status: "complete" | "stopped";
  firstTokenMs: number | null;
  started: number;
}

/** Stores a model's reply with its usage, priced from the workspace's model prices. */
export async function storeModelReply(
  ctx: ChatScope,
  ref: StoredRef,
  resolved: ResolvedModel,
  out: ModelReplyOutcome,
): Promise<ChatMessage | undefined> {
  const inputTokens = out.usage.inputTokens ?? 0;
  const outputTokens = out.usage.outputTokens ?? 0;
  const price = await priceFor(ctx, resolved.provider, resolved.modelId);
  return finishAssistantMessage(ctx, ref, {
    parts: out.parts,
    model: resolved.modelId,
    status: out.status,
    inputTokens,
    outputTokens,
    cost: costOf(price, inputTokens, outputTokens),
    latencyFirstTokenMs: out.firstTokenMs,
    latencyTotalMs: Math.round(performance.now() - out.started),
  });
}
