import { sql } from "kysely";
import { type Database, getDb } from "../../db/client";
import { AppError } from "../../errors";
import { enqueueDelivery } from "../deliver";
import type { MediaType } from "./schemas";

/** What the customer is told when they send something other than text. */
export const MEDIA_REPLY =
  "Thanks! I can only read text messages here, so I could not open that. Please write your question as a text message.";

const NOUN: Record<MediaType, string> = {
  image: "an image",
  audio: "an audio message",
  video: "a video",
  document: "a document",
  sticker: "a sticker",
  location: "a location",
  contacts: "a contact card",
};

export function mediaReplyText(type: MediaType): string {
  return MEDIA_REPLY.replace("could not open that", `could not open ${NOUN[type]}`);
}

export interface MediaInbound {
  inboxId: string;
  workspaceId: string;
  externalMessageId: string;
  /** The customer's wa_id: conversations.external_ref and contact_ref. */
  from: string;
  contactName?: string;
  mediaType: MediaType;
  /** The stored placeholder, e.g. "[image] this one". */
  text: string;
  receivedAt: Date;
}

/**
 * A media message, in one transaction: claimed by its wamid like any inbound
 * message (a redelivery is a duplicate and changes nothing), stored in the
 * customer's conversation as a placeholder, and — when the bot handles the
 * conversation — answered with a fixed reply saying only text is understood,
 * without a model call (the agent cannot see the media, and a model guessing
 * at "[image]" answers worse than a plain sentence). When people handle the
 * conversation they see the placeholder and answer themselves.
 *
 * It mirrors receiveInbound (lib/channels/inbound.ts), which always queues
 * the bot's model reply; an option there to answer with a fixed text instead
 * would let this file shrink to a call.
 */
export async function receiveMedia(
  m: MediaInbound,
  db: Database = getDb(),
): Promise<{ duplicate: boolean; conversationId: string; replied: boolean }> {
  return db.transaction().execute(async (tx) => {
    const inbox = await tx
      .selectFrom("inboxes")
      .select(["agent_id", "bot_enabled"])
      .where("id", "=", m.inboxId)
      .where("workspace_id", "=", m.workspaceId)
      .executeTakeFirst();
    if (!inbox) throw new AppError("not_found", "Inbox not found.");
    const claimed = await tx
      .insertInto("channel_inbound_events")
      .values({ inbox_id: m.inboxId, external_id: m.externalMessageId, workspace_id: m.workspaceId })
      .onConflict((oc) => oc.columns(["inbox_id", "external_id"]).doNothing())
      .returning("external_id")
      .executeTakeFirst();
    if (!claimed) return { duplicate: true, conversationId: "", replied: false };

    const conv = await sql<{ id: string; agent_id: string | null; handled_by: string }>`
      insert into public.conversations as c (workspace_id, inbox_id, agent_id, external_ref, contact_ref, contact_name,
                                             last_inbound_at, unread_count)
      values (${m.workspaceId}, ${m.inboxId}, ${inbox.agent_id}, ${m.from}, ${m.from},
              ${m.contactName?.trim().slice(0, 200) || null}, ${m.receivedAt}, 1)
      on conflict (inbox_id, external_ref) where external_ref is not null do update
        set last_inbound_at = greatest(c.last_inbound_at, excluded.last_inbound_at),
            unread_count = c.unread_count + 1,
            status = 'open',
            agent_id = coalesce(c.agent_id, excluded.agent_id),
            contact_name = coalesce(excluded.contact_name, c.contact_name)
      returning c.id, c.agent_id, c.handled_by`.execute(tx);
    const c = conv.rows[0];
    if (!c) throw new Error("conversation not stored");
    const message = await tx
      .insertInto("messages")
      .values({
        workspace_id: m.workspaceId,
        conversation_id: c.id,
        role: "user",
        status: "complete",
        parts: JSON.stringify([{ type: "text", text: m.text }]),
        agent_id: c.agent_id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .updateTable("channel_inbound_events")
      .set({ conversation_id: c.id, message_id: message.id })
      .where("inbox_id", "=", m.inboxId)
      .where("external_id", "=", m.externalMessageId)
      .execute();
    if (c.handled_by !== "bot" || !inbox.bot_enabled) {
      return { duplicate: false, conversationId: c.id, replied: false };
    }
    const text = mediaReplyText(m.mediaType);
    const reply = await tx
      .insertInto("messages")
      .values({
        workspace_id: m.workspaceId,
        conversation_id: c.id,
        role: "assistant",
        status: "complete",
        parts: JSON.stringify([{ type: "text", text }]),
        agent_id: c.agent_id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await enqueueDelivery(tx, {
      workspaceId: m.workspaceId,
      inboxId: m.inboxId,
      conversationId: c.id,
      messageId: reply.id,
      kind: "message",
      payload: { text },
    });
    return { duplicate: false, conversationId: c.id, replied: true };
  });
}
