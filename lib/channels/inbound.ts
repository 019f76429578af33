import { sql } from "kysely";
import { type Database, getDb } from "../db/client";
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

/**
 * The one path for an incoming customer message, in one transaction and with
 * no model call (the webhook answers fast; the worker replies): claims the
 * vendor's message id (a repeat is a duplicate and changes nothing), finds or
 * starts the inbox's conversation for the vendor's reference, stores the
 * message, and queues the bot's reply (task channel_reply) when the bot
 * handles the conversation, or hands it to people when the customer asks for one.
 */
export async function receiveInbound(input: InboundMessage, db: Database = getDb()): Promise<InboundResult> {
  const externalId = required(input.externalMessageId, "message id");
  const ref = required(input.externalConversationRef, "conversation reference");
  const text = (typeof input.text === "string" ? input.text : "").slice(0, MAX_TEXT);
  const receivedAt = input.receivedAt ?? new Date();

  return db.transaction().execute(async (tx) => {
    const inbox = await tx
      .selectFrom("inboxes")
      .select(["channel", "agent_id", "bot_enabled"])
      .where("id", "=", input.inboxId)
      .where("workspace_id", "=", input.workspaceId)
      .executeTakeFirst();
    if (!inbox) throw new AppError("not_found", "Inbox not found.");

    const claimed = await tx
      .insertInto("channel_inbound_events")
      .values({ inbox_id: input.inboxId, external_id: externalId, workspace_id: input.workspaceId })
      .onConflict((oc) => oc.columns(["inbox_id", "external_id"]).doNothing())
      .returning("external_id")
      .executeTakeFirst();
    if (!claimed) {
      const seen = await tx
        .selectFrom("channel_inbound_events")
        .select(["conversation_id", "message_id"])
        .where("inbox_id", "=", input.inboxId)
        .where("external_id", "=", externalId)
        .executeTakeFirstOrThrow();
      return {
        duplicate: true,
        conversationId: seen.conversation_id ?? "",
        messageId: seen.message_id,
        queuedReply: false,
        handoff: false,
      };
    }

    // Found or started in one statement; a closed conversation opens again when the customer writes.
    const conv = await sql<{ id: string; agent_id: string | null; handled_by: string }>`
      insert into public.conversations as c (workspace_id, inbox_id, agent_id, external_ref, contact_ref, contact_name,
                                             last_inbound_at, unread_count)
      values (${input.workspaceId}, ${input.inboxId}, ${inbox.agent_id}, ${ref}, ${short(input.contact.ref)},
              ${short(input.contact.name)}, ${receivedAt}, 1)
      on conflict (inbox_id, external_ref) where external_ref is not null do update
        set last_inbound_at = greatest(c.last_inbound_at, excluded.last_inbound_at),
            unread_count = c.unread_count + 1,
            status = 'open',
            agent_id = coalesce(c.agent_id, excluded.agent_id),
            contact_ref = coalesce(excluded.contact_ref, c.contact_ref),
            contact_name = coalesce(excluded.contact_name, c.contact_name)
      returning c.id, c.agent_id, c.handled_by`.execute(tx);
    const c = conv.rows[0];
    if (!c) throw new Error("conversation not stored");

    const message = await tx
      .insertInto("messages")
      .values({
        workspace_id: input.workspaceId,
        conversation_id: c.id,
        role: "user",
        status: "complete",
        parts: JSON.stringify([{ type: "text", text }]),
        agent_id: c.agent_id,
      })
      .returning(["id", "message_index"])
      .executeTakeFirstOrThrow();
    await tx
      .updateTable("channel_inbound_events")
      .set({ conversation_id: c.id, message_id: message.id })
      .where("inbox_id", "=", input.inboxId)
      .where("external_id", "=", externalId)
      .execute();

    const result: InboundResult = {
      duplicate: false,
      conversationId: c.id,
      messageId: message.id,
      queuedReply: false,
      handoff: false,
    };
    if (c.handled_by !== "bot") return result;
    if (asksForHuman(text)) {
      await requestHandoff(tx, {
        workspaceId: input.workspaceId,
        conversationId: c.id,
        reason: "The customer asked for a person.",
        by: "rule",
      });
      return { ...result, handoff: true };
    }
    if (inbox.bot_enabled && c.agent_id) {
      await enqueueReply(tx, { workspaceId: input.workspaceId, conversationId: c.id, messageId: message.id });
      result.queuedReply = true;
    }
    return result;
  });
}

/**
 * Queues the bot's answer to one stored message. One queue per conversation:
 * its replies run one after another, in order.
 */
export async function enqueueReply(
  db: Database,
  job: { workspaceId: string; conversationId: string; messageId: string },
): Promise<void> {
  await sql`select graphile_worker.add_job('channel_reply', ${JSON.stringify(job)}::json,
              queue_name => ${`channel:${job.conversationId}`}, job_key => ${`channel_reply:${job.messageId}`},
              max_attempts => 3)`.execute(db);
}
