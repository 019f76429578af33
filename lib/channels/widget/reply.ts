import type { UIMessageChunk } from "ai";
import { sql } from "kysely";
import { type ChatTurn, startChatTurn } from "../../chat/turn";
import { getDb } from "../../db/client";
import { runAsService } from "../../db/rls";
import { logger } from "../../logger";
import { enqueueDelivery } from "../deliver";
import { enqueueReply } from "../inbound";
import { type InboxActor, inboxActor } from "../inbox-actor";
import type { WidgetInbox } from "./inbox";

/** Who the bot acts as: the inbox's actor, exactly as the channel reply job resolves it. */
export type WidgetActor = Extract<InboxActor, { ok: true }>;

export async function widgetActor(
  inbox: Pick<WidgetInbox, "id" | "workspaceId">,
): Promise<WidgetActor | null> {
  const actor = await runAsService("widget:actor", (tx) => inboxActor(tx, inbox.workspaceId, inbox.id));
  return actor.ok ? actor : null;
}

/**
 * Answers a visitor's stored message here, streamed, instead of on the worker.
 * receiveInbound queued the reply job (task channel_reply) in its transaction;
 * taking the job back while no worker has locked it makes this request the one
 * that answers. (Not graphile_worker.remove_job: on a locked job it would also
 * cancel the worker's retries.) If a worker got it
 * first, or the turn cannot start, the job answers (re-queued when taken) and
 * the visitor sees the reply through live updates. Either way it runs once:
 * begin_chat_turn's 'reply' refuses a message that already has an answer.
 */
export async function startWidgetReply(
  inbox: WidgetInbox,
  actor: WidgetActor,
  m: { conversationId: string; agentId: string; messageId: string; index: number },
): Promise<ChatTurn | null> {
  const job = { workspaceId: inbox.workspaceId, conversationId: m.conversationId, messageId: m.messageId };
  const { rows } = await sql<{ id: string }>`
    delete from graphile_worker._private_jobs
     where key = ${`channel_reply:${m.messageId}`} and locked_at is null
    returning id::text`.execute(getDb());
  if (!rows[0]) return null;
  let turn: ChatTurn;
  try {
    turn = await startChatTurn(
      { claims: actor.claims, workspaceId: inbox.workspaceId },
      // "reply" answers the stored message (begin_chat_turn's trigger from the channels migration).
      {
        agentId: m.agentId,
        conversationId: m.conversationId,
        trigger: "reply" as "submit",
        editIndex: m.index,
      },
      { workspaceSlug: actor.workspaceSlug },
    );
  } catch (e) {
    // The job records the failure where operators look (and retries what can be retried).
    logger.warn(
      { err: e, messageId: m.messageId },
      "widget: the streamed reply did not start; queued instead",
    );
    await enqueueReply(getDb(), job).catch((err: unknown) =>
      logger.error({ err, messageId: m.messageId }, "widget: re-queueing the reply failed"),
    );
    return null;
  }
  // Recorded as delivered like every channel's reply (the widget's adapter has nothing to push), so
  // the Inbox shows the same delivery status; the job would have done this. Also when the visitor left.
  turn.result
    .then(({ message, text }) =>
      message.status === "complete" && text.trim()
        ? enqueueDelivery(getDb(), {
            workspaceId: inbox.workspaceId,
            inboxId: inbox.id,
            conversationId: m.conversationId,
            messageId: message.id,
            kind: "message",
            payload: { text },
          })
        : undefined,
    )
    .catch((err: unknown) =>
      logger.error({ err, messageId: m.messageId }, "widget: recording the delivery failed"),
    );
  return turn;
}

/** The text of a UI message stream, delta by delta: tool calls and their results are not the visitor's to see. */
export function textDeltas(stream: ReadableStream<UIMessageChunk>): ReadableStream<string> {
  return stream.pipeThrough(
    new TransformStream<UIMessageChunk, string>({
      transform(chunk, controller) {
        if (chunk.type === "text-delta" && chunk.delta) controller.enqueue(chunk.delta);
      },
    }),
  );
}
