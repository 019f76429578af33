import type { UIMessageChunk } from "ai";
import { assertWithinLimit } from "../billing/entitlements";
import type { ChatMessage } from "../conversations/schema";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { logger } from "../logger";
import { beginChatTurn } from "./begin-turn";
import { startExternalReply } from "./external-agent";
import { startModelReply } from "./model-reply";
import { textOfParts } from "./parts";
import type { ChatScope } from "./persist";
import type { ChatTurnRequest } from "./schema";

export interface ChatTurnOptions {
  workspaceSlug: string;
  /** Ends a model call that takes longer than this, retries included. */
  timeoutMs?: number;
  /**
   * False when no one sees the reply being written (a channel posts it whole):
   * the offline model then skips the pause it makes between words to show
   * streaming, and the UI stream is only built if `stream` is read.
   */
  watched?: boolean;
}

export interface ChatTurnResult {
  conversationId: string;
  /** The stored assistant message, as the turn left it (complete, stopped or error). */
  message: ChatMessage;
  /** Its text parts joined: what the agent said. Empty when the turn failed. */
  text: string;
}

/** A reply under way, as a path (model or external endpoint) hands it to the turn. */
export interface StartedReply {
  /** The reply as the AI SDK's UI message stream; reading it is optional. */
  stream: ReadableStream<UIMessageChunk>;
  /** Settles once the reply is stored (and the conversation titled); undefined if its row is gone. */
  finished: Promise<ChatMessage | undefined>;
}

/** A chat turn under way: its ids, its reply as a stream, and the stored result to come. */
export interface ChatTurn {
  conversationId: string;
  /** Undefined on regenerate, which answers the last user message again. */
  userMessageId: string | undefined;
  assistantMessageId: string;
  /** The assistant message's index in the conversation. */
  index: number;
  /**
   * The reply as it is generated. The turn runs to its end and is stored
   * whether or not this is read; cancelling it (a closed tab) does not stop it.
   */
  stream: ReadableStream<UIMessageChunk>;
  /**
   * The stored reply, once stored. A model failure is stored on the message
   * (status "error"), not a rejection; this rejects only when the reply could
   * not be stored. Handled already: leaving it unawaited is safe.
   */
  result: Promise<ChatTurnResult>;
}

/**
 * Starts one chat turn: stores the user's message and the reply's placeholder,
 * then runs the agent (its model with tools, or its external endpoint). Rejects
 * when the turn cannot start (bad agent, role, model or endpoint failure, the
 * last two stored on the reply); after that, the outcome is in `result`.
 */
export async function startChatTurn(
  ctx: ChatScope,
  req: ChatTurnRequest,
  opts: ChatTurnOptions,
): Promise<ChatTurn> {
  // Every surface's turn passes here (web, /api/v1, MCP, channels, flows): the plan's message
  // limit is checked once, before anything is stored. Cached: well under a millisecond.
  await assertWithinLimit(getDb(), ctx.workspaceId, "message");
  const turn = await beginChatTurn(ctx, req);
  const started = performance.now();
  const url = turn.agent.externalEndpointUrl;
  const reply = url
    ? await startExternalReply(ctx, turn, { url, workspaceSlug: opts.workspaceSlug, started })
    : await startModelReply(ctx, turn, { timeoutMs: opts.timeoutMs, started, watched: opts.watched });

  const conversationId = turn.conversation.id;
  const messageId = turn.assistant.id;
  const result = reply.finished.then(
    (message) => {
      // The row went with its conversation, deleted while the agent answered.
      if (!message)
        throw new AppError("not_found", "The conversation was deleted before the reply was stored.");
      return { conversationId, message, text: textOfParts(message.parts) };
    },
    (e: unknown) => {
      logger.error({ err: e, messageId }, "chat: finishing the reply failed");
      throw new AppError("internal", "The reply was not stored.", { cause: e });
    },
  );
  // Handled here, once: a caller that only streams never awaits it.
  result.catch(() => {});
  return {
    conversationId,
    userMessageId: turn.userMessage?.id,
    assistantMessageId: messageId,
    index: turn.assistant.index,
    // A getter: the model path builds its UI stream on first read.
    get stream() {
      return reply.stream;
    },
    result,
  };
}
