import {
  convertToModelMessages,
  type StepResult,
  stepCountIs,
  streamText,
  type ToolSet,
  type UIMessageChunk,
} from "ai";
import { createOfflineModel } from "../ai/offline-model";
import { toAppError } from "../errors";
import { integrationToolSet } from "../integrations/chat-tools";
import { logger } from "../logger";
import { resolveModel } from "../providers";
import { subscribeChatStop } from "../realtime/listener";
import { buildTools } from "../tools";
import type { TurnContext } from "./begin-turn";
import { describeFailure, storeFailedReply, storeModelReply } from "./finish-reply";
import { partsFromSteps } from "./parts";
import type { ChatScope } from "./persist";
import type { ChatMessageMetadata } from "./schema";
import { maybeTitleConversation } from "./title";
import type { StartedReply } from "./turn";

/**
 * The model path of a turn: the agent's model with its tools, streamed, and the
 * reply stored from the server-side result whether or not anyone reads the
 * stream. A failure to resolve the model is stored on the reply and thrown.
 */
export async function startModelReply(
  ctx: ChatScope,
  turn: TurnContext,
  opts: { timeoutMs?: number; started: number; watched?: boolean },
): Promise<StartedReply> {
  const { agent, conversation, assistant, history, granted, lastText } = turn;
  const { started } = opts;
  let resolved: Awaited<ReturnType<typeof resolveModel>>;
  try {
    // A cached client when the connection is unchanged since it was built (no query, no decrypt).
    resolved = await resolveModel({ claims: ctx.claims, workspaceId: ctx.workspaceId }, agent, {
      connectionVersion: turn.connectionVersion,
    });
  } catch (e) {
    await storeFailedReply(ctx, assistant, started, e);
    throw toAppError(e);
  }
  const metadata: ChatMessageMetadata = {
    conversationId: conversation.id,
    messageId: assistant.id,
    index: assistant.index,
    model: resolved.modelId,
    offline: resolved.offline,
  };
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
    // The offline model's pauses and per-word chunks only show streaming: skipped when no one watches.
    model: resolved.offline && opts.watched === false ? createOfflineModel({ paced: false }) : resolved.model,
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

  const store = async (
    parts: ReturnType<typeof partsFromSteps>,
    usage: { inputTokens?: number; outputTokens?: number },
    status: "complete" | "stopped",
  ) => {
    const message = await storeModelReply(ctx, assistant, resolved, {
      parts,
      usage,
      status,
      firstTokenMs,
      started,
    });
    await maybeTitleConversation(ctx, conversation, lastText, resolved);
    return message;
  };

  const storeStopped = () => {
    const parts = partsFromSteps(finishedSteps);
    if (stepText) parts.push({ type: "step-start" }, { type: "text", text: stepText, state: "done" });
    // Usage is only reported at the end of a step: the unfinished one is not counted.
    const usage = { inputTokens: 0, outputTokens: 0 };
    for (const step of finishedSteps) {
      usage.inputTokens += step.usage.inputTokens ?? 0;
      usage.outputTokens += step.usage.outputTokens ?? 0;
    }
    return store(parts, usage, "stopped");
  };

  // This branch of the stream drives the model call to its end: the reply is finished and
  // stored even if no one reads `stream` (a closed tab, or send-and-wait). Started before
  // the UI branch, as the SDK's result promises resolve from it.
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
      if (stop.signal.aborted) return await storeStopped();
      if (deadline.aborted) failure ??= deadline.reason ?? new DOMException("timed out", "TimeoutError");
      if (failure) return await storeFailedReply(ctx, assistant, started, failure);
      return await store(partsFromSteps(await result.steps), await result.totalUsage, "complete");
    } catch (e) {
      return await storeFailedReply(ctx, assistant, started, failure ?? e);
    } finally {
      unsubscribeStop();
      await (closing ?? integrations.close());
    }
  })();

  // Built on first read (a channel's reply job never reads it). Complete however late: until then the
  // SDK keeps the chunks for it in the branch of its stream that `finished` did not take.
  let stream: ReadableStream<UIMessageChunk> | undefined;
  return {
    get stream() {
      stream ??= result.toUIMessageStream({
        generateMessageId: () => assistant.id,
        messageMetadata: ({ part }) => (part.type === "start" ? { ...metadata } : undefined),
        onError: (e) => describeFailure(e).message,
      });
      return stream;
    },
    finished,
  };
}
