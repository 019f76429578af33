import type { Task } from "graphile-worker";
import { sql } from "kysely";
import { textOfParts } from "../chat/parts";
import { startChatTurn } from "../chat/turn";
import type { Database } from "../db/client";
import { isAppError } from "../errors";
import { logger } from "../logger";
import type { WorkspaceRole } from "../workspaces/roles";
import { conversationTarget } from "./adapter-context";
import { adapterFor, canSendFreeForm } from "./adapters";
import { recordInlineDelivery } from "./deliver";
import { runInlineDelivery } from "./deliver-job";
import { requestHandoff } from "./handoff";
import { toInboxActor } from "./inbox-actor";

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
  | "window_closed"
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
  const s = await loadReplyState(db, job);
  if (!s || s.message_index === null || s.message_role !== "user") return "gone";

  if (s.answer_id) {
    if (s.answer_created_by !== null || s.answer_status !== "complete" || s.answer_delivered)
      return "already_answered";
    const text = textOfParts((s.answer_parts ?? []) as never);
    await deliverReply(db, job, s.inbox_id, s.answer_id, text, { force: true });
    return "delivered_existing";
  }

  if (s.handled_by !== "bot" || !s.bot_enabled) return "not_bot";
  const agentId = s.agent_id ?? s.inbox_agent;
  if (!agentId) return "no_agent";
  // The channel refuses a free-form reply now (WhatsApp's 24-hour window: a redelivery of a message
  // days old): no turn whose answer could not be sent. People take it, with a template; the Inbox says why.
  const window = canSendFreeForm(
    adapterFor(s.channel),
    conversationTarget({
      id: job.conversationId,
      external_ref: s.external_ref,
      contact_ref: s.contact_ref,
      last_inbound_at: s.last_inbound_at ? new Date(s.last_inbound_at) : null,
    }),
  );
  if (!window.ok) {
    await requestHandoff(db, {
      workspaceId: job.workspaceId,
      conversationId: job.conversationId,
      reason: `The bot did not answer: ${window.message}`,
      by: "rule",
    });
    logger.warn({ ...job, code: window.code }, "channels: the channel refuses a reply now; handed to people");
    return "window_closed";
  }
  const actor = toInboxActor(s);
  if (!actor.ok) {
    logger.warn({ ...job, problem: actor.problem }, "channels: the inbox's actor cannot act; no reply");
    return "no_actor";
  }
  try {
    const turn = await startChatTurn(
      { claims: actor.claims, workspaceId: job.workspaceId },
      { agentId, conversationId: job.conversationId, trigger: "reply", editIndex: s.message_index },
      // Posted whole to the channel: no one watches it being written.
      { workspaceSlug: actor.workspaceSlug, watched: false },
    );
    const { message: reply, text } = await turn.result;
    if (reply.status !== "complete" || !text.trim()) {
      logger.warn({ ...job, status: reply.status }, "channels: the bot's reply failed; nothing to deliver");
      return "failed";
    }
    // People may have taken over while the model answered: their word wins, the reply stays in the
    // Inbox (checked in the statement that records the delivery). Unless the bot itself handed off in
    // this reply: then it tells the customer so.
    const handedOffHere = reply.parts.some((p) => p.type === "tool-handoff_to_human");
    const sent = await deliverReply(db, job, s.inbox_id, reply.id, text, { force: handedOffHere });
    return sent ? "replied" : "not_bot";
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
    if (isAppError(e) && e.code === "conflict") {
      // Answered meanwhile by another path (the widget answers in its request): nothing to do.
      logger.info(job, "channels: the message was answered meanwhile");
      return "already_answered";
    }
    if (isAppError(e) && FINAL.has(e.code)) {
      logger.warn({ ...job, err: e }, "channels: no reply");
      return "failed";
    }
    throw e;
  }
}

interface ReplyState {
  inbox_id: string;
  handled_by: string;
  channel: string;
  external_ref: string | null;
  contact_ref: string | null;
  /** JSON's timestamp text. */
  last_inbound_at: string | null;
  agent_id: string | null;
  inbox_agent: string | null;
  bot_enabled: boolean;
  created_by: string | null;
  slug: string;
  role: WorkspaceRole | null;
  email: string | null;
  message_index: number | null;
  /** The message's role: only a customer's (user) message is answered. */
  message_role: string | null;
  answer_id: string | null;
  answer_status: string | null;
  answer_parts: unknown;
  answer_created_by: string | null;
  answer_delivered: boolean;
}

/**
 * Everything the job decides on, in one round trip: the conversation and its
 * inbox, whom the inbox acts as, the message, and the reply that may already
 * follow it (with whether it was handed to the channel).
 */
async function loadReplyState(db: Database, job: ReplyJob): Promise<ReplyState | undefined> {
  const { rows } = await sql<{ s: ReplyState | null }>`
    select private.channel_reply_state(${job.workspaceId}::uuid, ${job.conversationId}::uuid,
                                       ${job.messageId}::uuid) as s`.execute(db);
  return rows[0]?.s ?? undefined;
}

/**
 * Records the reply's delivery and sends it now, on this job (no second job
 * hop on the customer's wait). Recorded only while the bot still handles the
 * conversation, unless `force` (the reply hands off itself, or an earlier try
 * of this job stored it and died before delivering it). The delivery's own job
 * is queued a minute out as the safety net: it sends the reply if this
 * process dies before it could, and is removed once the reply is sent; a
 * retryable failure moves it to the backoff's time. False when not recorded.
 */
async function deliverReply(
  db: Database,
  job: ReplyJob,
  inboxId: string,
  messageId: string,
  text: string,
  opts: { force: boolean },
): Promise<boolean> {
  const recorded = await recordInlineDelivery(
    db,
    {
      workspaceId: job.workspaceId,
      inboxId,
      conversationId: job.conversationId,
      messageId,
      kind: "message",
      payload: { text },
    },
    { onlyWhileBot: !opts.force },
  );
  if (!recorded) return false;
  await runInlineDelivery(db, recorded);
  return true;
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
