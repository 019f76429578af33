import type { Task } from "graphile-worker";
import { textOfParts } from "../chat/parts";
import { startChatTurn } from "../chat/turn";
import type { Database } from "../db/client";
import { isAppError } from "../errors";
import { logger } from "../logger";
import { enqueueDelivery } from "./deliver";
import { requestHandoff } from "./handoff";
import { inboxActor } from "./inbox-actor";

export interface ReplyJob {
  workspaceId: string;
  conversationId: string;
  messageId: string;
}

export type ReplyOutcome =
  | "replied"
  | "delivered_existing"
  | "already_answered"
  | "not_bot"
  | "no_agent"
  | "no_actor"
  | "gone"
  | "plan_limit"
  | "failed";

/** Errors that a second try would meet again: the job ends instead of retrying. */
const FINAL = new Set([
  "not_found",
  "forbidden",
  "conflict",
  "bad_request",
  "validation_failed",
  "plan_limit",
]);

/**
 * Task `channel_reply`: the bot answers one stored customer message and the
 * answer is queued for the channel. Idempotent: when a reply already follows
 * the message (this job ran before, or a later job answered several messages
 * at once), it only makes sure the bot's reply is delivered. The turn runs as
 * the inbox's actor through RLS, answering the stored message (trigger 'reply').
 */
export async function runReply(db: Database, job: ReplyJob): Promise<ReplyOutcome> {
  const conv = await db
    .selectFrom("conversations as c")
    .innerJoin("inboxes as i", "i.id", "c.inbox_id")
    .select(["c.inbox_id", "c.handled_by", "c.agent_id", "i.agent_id as inbox_agent", "i.bot_enabled"])
    .where("c.workspace_id", "=", job.workspaceId)
    .where("c.id", "=", job.conversationId)
    .executeTakeFirst();
  const message = await db
    .selectFrom("messages")
    .select(["message_index", "role"])
    .where("workspace_id", "=", job.workspaceId)
    .where("conversation_id", "=", job.conversationId)
    .where("id", "=", job.messageId)
    .executeTakeFirst();
  if (!conv || !message || message.role !== "user") return "gone";

  const answer = await db
    .selectFrom("messages")
    .select(["id", "status", "parts", "created_by"])
    .where("workspace_id", "=", job.workspaceId)
    .where("conversation_id", "=", job.conversationId)
    .where("role", "=", "assistant")
    .where("message_index", ">", message.message_index)
    .orderBy("message_index")
    .limit(1)
    .executeTakeFirst();
  if (answer) {
    if (answer.created_by !== null || answer.status !== "complete") return "already_answered";
    const delivered = await db
      .selectFrom("channel_deliveries")
      .select("id")
      .where("workspace_id", "=", job.workspaceId)
      .where("message_id", "=", answer.id)
      .executeTakeFirst();
    if (delivered) return "already_answered";
    await deliverReply(db, job, conv.inbox_id, answer.id, textOfParts(answer.parts as never));
    return "delivered_existing";
  }

  if (conv.handled_by !== "bot" || !conv.bot_enabled) return "not_bot";
  const agentId = conv.agent_id ?? conv.inbox_agent;
  if (!agentId) return "no_agent";
  const actor = await inboxActor(db, job.workspaceId, conv.inbox_id);
  if (!actor.ok) {
    logger.warn({ ...job, problem: actor.problem }, "channels: the inbox's actor cannot act; no reply");
    return "no_actor";
  }
  try {
    const turn = await startChatTurn(
      { claims: actor.claims, workspaceId: job.workspaceId },
      { agentId, conversationId: job.conversationId, trigger: "reply", editIndex: message.message_index },
      { workspaceSlug: actor.workspaceSlug },
    );
    const { message: reply, text } = await turn.result;
    if (reply.status !== "complete" || !text.trim()) {
      logger.warn({ ...job, status: reply.status }, "channels: the bot's reply failed; nothing to deliver");
      return "failed";
    }
    // People may have taken over while the model answered: their word wins, the reply stays in the
    // Inbox. Unless the bot itself handed off in this reply: then it tells the customer so.
    const now = await db
      .selectFrom("conversations")
      .select("handled_by")
      .where("id", "=", job.conversationId)
      .executeTakeFirst();
    const handedOffHere = reply.parts.some((p) => p.type === "tool-handoff_to_human");
    if (now?.handled_by !== "bot" && !handedOffHere) return "not_bot";
    await deliverReply(db, job, conv.inbox_id, reply.id, text);
    return "replied";
  } catch (e) {
    if (isAppError(e) && e.code === "plan_limit") {
      // The plan's messages are used up: the customer is not left unanswered in silence. People
      // take the conversation, and the Inbox says why (the limit, and the upgrade link in the banner).
      await requestHandoff(db, {
        workspaceId: job.workspaceId,
        conversationId: job.conversationId,
        reason: `The bot did not answer: ${e.message}`,
        by: "rule",
      });
      logger.warn({ ...job, code: e.code }, "channels: plan limit reached; handed to people");
      return "plan_limit";
    }
    if (isAppError(e) && FINAL.has(e.code)) {
      logger.warn({ ...job, err: e }, "channels: no reply");
      return e.code === "conflict" ? "already_answered" : "failed";
    }
    throw e;
  }
}

function deliverReply(db: Database, job: ReplyJob, inboxId: string, messageId: string, text: string) {
  return enqueueDelivery(db, {
    workspaceId: job.workspaceId,
    inboxId,
    conversationId: job.conversationId,
    messageId,
    kind: "message",
    payload: { text },
  });
}

const isJob = (p: unknown): p is ReplyJob =>
  typeof p === "object" &&
  p !== null &&
  ["workspaceId", "conversationId", "messageId"].every(
    (k) => typeof (p as Record<string, unknown>)[k] === "string",
  );

export function channelReplyTask(db: Database): Task {
  return async (payload) => {
    if (!isJob(payload)) {
      logger.error({ payload }, "channels: malformed channel_reply job; dropped");
      return;
    }
    await runReply(db, payload);
  };
}
