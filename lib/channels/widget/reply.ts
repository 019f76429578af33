import type { UIMessageChunk } from "ai";
import { sql } from "kysely";
import { type ChatTurn, startChatTurn } from "../../chat/turn";
import { getDb } from "../../db/client";
import { runAsService } from "../../db/rls";
import { logger } from "../../logger";
import { enqueueDelivery } from "../deliver";
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
 * receiveInbound also queued the reply job (task channel_reply); whichever
 * starts the turn first answers, once: begin_chat_turn's 'reply' locks the
 * conversation and refuses a message that already has an answer. This request
 * is one round trip from it (the worker is a notification and several reads
 * away), so it nearly always wins; when it does not, or the turn cannot start,
 * the answer is null and the job answers (the visitor sees it through live
 * updates). Once started here, the job is taken back while no worker holds it,
 * and this request records the delivery the job would have.
 */
export async function startWidgetReply(
  inbox: WidgetInbox,
  actor: WidgetActor,
  m: { conversationId: string; agentId: string; messageId: string; index: number },
): Promise<ChatTurn | null> {
  let turn: ChatTurn;
  try {
    turn = await startChatTurn(
      { claims: actor.claims, workspaceId: inbox.workspaceId },
      { agentId: m.agentId, conversationId: m.conversationId, trigger: "reply", editIndex: m.index },
      { workspaceSlug: actor.workspaceSlug },
    );
  } catch (e) {
    // Already answered (the worker was first), or a failure the job meets again and records.
    logger.info({ err: e, messageId: m.messageId }, "widget: the reply is left to the channel reply job");
    return null;
  }
  // Not graphile_worker.remove_job: on a job a worker holds it would also cancel its retries.
  const taken = await sql<{ id: string }>`
    delete from graphile_worker._private_jobs
     where key = ${`channel_reply:${m.messageId}`} and locked_at is null
    returning id::text`
    .execute(getDb())
    .then((r) => r.rows.length > 0)
    .catch((err: unknown) => {
      logger.warn({ err, messageId: m.messageId }, "widget: the queued reply job could not be taken back");
      return false;
    });
  // Recorded as delivered like every channel's reply (the widget's adapter has nothing to push), so
  // the Inbox shows the same delivery status; also when the visitor left. A job a worker held
  // meanwhile may have recorded it already (it does when it finds the reply complete).
  turn.result
    .then(async ({ message, text }) => {
      if (message.status !== "complete" || !text.trim()) return;
      if (!taken && (await hasDelivery(inbox, message.id))) return;
      await enqueueDelivery(getDb(), {
        workspaceId: inbox.workspaceId,
        inboxId: inbox.id,
        conversationId: m.conversationId,
        messageId: message.id,
        kind: "message",
        payload: { text },
      });
    })
    .catch((err: unknown) =>
      logger.error({ err, messageId: m.messageId }, "widget: recording the delivery failed"),
    );
  return turn;
}

async function hasDelivery(inbox: Pick<WidgetInbox, "workspaceId">, messageId: string): Promise<boolean> {
  const row = await getDb()
    .selectFrom("channel_deliveries")
    .select("id")
    .where("workspace_id", "=", inbox.workspaceId)
    .where("message_id", "=", messageId)
    .executeTakeFirst();
  return row !== undefined;
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
