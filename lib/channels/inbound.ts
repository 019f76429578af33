import { sql } from "kysely";
import { fallbackTitle } from "../chat/title";
import { type Database, getDb } from "../db/client";
import type { Tx } from "../db/rls";
import { AppError } from "../errors";
import { requestHandoff } from "./handoff";
import { asksForHuman } from "./handoff-rule";

export interface InboundMessage {
  inboxId: string;
  workspaceId: string;
  /** The vendor's message id: the dedupe key. */
  externalMessageId: string;
  /** The vendor's conversation (or the customer's phone): conversations.external_ref. */
  externalConversationRef: string;
  contact: { ref?: string; name?: string };
  /** Already extracted; media is a short placeholder text. */
  text: string;
  receivedAt?: Date;
}

export interface InboundResult {
  duplicate: boolean;
  conversationId: string;
  messageId: string | null;
  queuedReply: boolean;
  handoff: boolean;
}

const MAX_REF = 200;
/** Longer texts are cut (a vendor does not resend on a 4xx, so refusing would lose the message). */
const MAX_TEXT = 16_000;

function required(value: string, what: string): string {
  const v = typeof value === "string" ? value.trim() : "";
  if (!v) throw new AppError("bad_request", `The ${what} is missing.`);
  if (v.length > MAX_REF)
    throw new AppError("bad_request", `The ${what} is longer than ${MAX_REF} characters.`);
  return v;
}

const short = (v: string | undefined) => (v?.trim() ? v.trim().slice(0, MAX_REF) : null);

/** What private.channel_receive answers. */
export interface StoredInbound {
  duplicate: boolean;
  conversationId: string | null;
  messageId: string | null;
  /** The conversation's handler as the message found it; null for a duplicate. */
  handledBy: string | null;
  /** Whether the inbox's bot is on and the conversation has an agent; false for a duplicate. */
  botCanAnswer: boolean;
  queuedReply: boolean;
}

/**
 * Stores an incoming message (private.channel_receive): the dedupe claim, the
 * conversation, the message and, with `queueReply`, the bot's reply job. One
 * statement; the caller may pass a transaction to do more in the same commit.
 */
export async function storeInbound(
  db: Database | Tx,
  input: InboundMessage,
  opts: { queueReply: boolean },
): Promise<StoredInbound> {
  const externalId = required(input.externalMessageId, "message id");
  const ref = required(input.externalConversationRef, "conversation reference");
  const text = (typeof input.text === "string" ? input.text : "").slice(0, MAX_TEXT);
  const receivedAt = input.receivedAt ?? new Date();
  try {
    const { rows } = await sql<{ r: StoredInbound }>`
      select private.channel_receive(${input.workspaceId}::uuid, ${input.inboxId}::uuid, ${externalId}, ${ref},
        ${short(input.contact.ref)}, ${short(input.contact.name)}, ${receivedAt}::timestamptz, ${text},
        ${fallbackTitle(text.slice(0, 500))}, ${opts.queueReply}) as r`.execute(db);
    return (rows[0] as { r: StoredInbound }).r;
  } catch (e) {
    if ((e as { hint?: string } | null)?.hint === "channel_inbox_not_found")
      throw new AppError("not_found", "Inbox not found.", { cause: e });
    throw e;
  }
}

/**
 * The one path for an incoming customer message, with no model call (the
 * webhook answers fast; the worker replies): claims the vendor's message id (a
 * repeat is a duplicate and changes nothing), finds or starts the inbox's
 * conversation for the vendor's reference, stores the message, and queues the
 * bot's reply (task channel_reply) when the bot handles the conversation, or
 * hands it to people when the customer asks for one. One statement
 * (private.channel_receive); with the handoff, one transaction.
 */
export async function receiveInbound(input: InboundMessage, db: Database = getDb()): Promise<InboundResult> {
  // A bounded scan, off the database: only a message that asks for a person takes the longer path.
  const wantsHuman = asksForHuman(typeof input.text === "string" ? input.text.slice(0, MAX_TEXT) : "");
  const receive = (tx: Database | Tx) => storeInbound(tx, input, { queueReply: !wantsHuman });
  const answer = (r: StoredInbound, handoff = false): InboundResult => ({
    duplicate: r.duplicate,
    conversationId: r.conversationId ?? "",
    messageId: r.messageId,
    queuedReply: r.queuedReply,
    handoff,
  });

  if (!wantsHuman) return answer(await receive(db));
  return db.transaction().execute(async (tx) => {
    const r = await receive(tx);
    if (r.duplicate || r.handledBy !== "bot" || !r.conversationId) return answer(r);
    await requestHandoff(tx, {
      workspaceId: input.workspaceId,
      conversationId: r.conversationId,
      reason: "The customer asked for a person.",
      by: "rule",
    });
    return answer(r, true);
  });
}
