import { messageColumns, toChatMessage } from "../conversations/map";
import type { ChatMessage } from "../conversations/schema";
import { getDb } from "../db/client";
import { type JwtClaims, runAsService, runAsUser } from "../db/rls";
import { AppError } from "../errors";
import { conversationTarget } from "./adapter-context";
import { adapterFor, canSendFreeForm } from "./adapters";
import { enqueueDelivery } from "./deliver";
import { requestHandoff } from "./handoff";

export interface ChannelActor {
  claims: JwtClaims;
  workspaceId: string;
}

const MAX_TEXT = 4000;

/**
 * A member's reply to the customer: stored as the assistant's side in the
 * member's name (created_by; the Inbox shows "human") and delivered to the
 * channel. Replying takes the conversation over (the bot would otherwise
 * answer the customer's next message too). Refused, with the reason, when the
 * channel does not allow a free-form message now (WhatsApp's 24-hour window).
 */
export async function sendHumanReply(
  actor: ChannelActor,
  a: { conversationId: string; text: string },
): Promise<ChatMessage> {
  const text = a.text.trim();
  if (!text) throw new AppError("validation_failed", "Write a reply first.");
  if (text.length > MAX_TEXT)
    throw new AppError("validation_failed", `A reply is at most ${MAX_TEXT} characters.`);
  const userId = actor.claims.sub;
  // As the member: RLS lets only members (or above) update, which proves the right to reply;
  // replying reads the conversation, so its unread count goes back to 0 too. A refusal below is
  // thrown inside the transaction, so a reply that is not sent leaves the count as it was.
  const conv = await runAsUser(actor.claims, async (tx) => {
    const c = await tx
      .updateTable("conversations as c")
      .set({ unread_count: 0 })
      .from("inboxes as i")
      .whereRef("i.id", "=", "c.inbox_id")
      .where("c.workspace_id", "=", actor.workspaceId)
      .where("c.id", "=", a.conversationId)
      .returning([
        "c.id",
        "c.inbox_id",
        "c.handled_by",
        "c.external_ref",
        "c.contact_ref",
        "c.last_inbound_at",
        "i.channel",
      ])
      .executeTakeFirst();
    if (!c) throw new AppError("not_found", "Conversation not found, or you cannot reply in it.");
    if (c.channel === "web")
      throw new AppError(
        "bad_request",
        "This conversation is the in-app chat: there is no customer to reply to.",
      );
    const window = canSendFreeForm(adapterFor(c.channel), conversationTarget(c));
    if (!window.ok) throw new AppError("conflict", window.message, { details: { reason: window.code } });
    return c;
  });

  return runAsService(
    "channels:human-reply",
    async (tx) => {
      if (conv.handled_by === "bot")
        await requestHandoff(tx, {
          workspaceId: actor.workspaceId,
          conversationId: conv.id,
          reason: "A member replied.",
          by: "member",
          userId,
        });
      const row = await tx
        .insertInto("messages")
        .values({
          workspace_id: actor.workspaceId,
          conversation_id: conv.id,
          role: "assistant",
          status: "complete",
          parts: JSON.stringify([{ type: "text", text }]),
          created_by: userId,
        })
        .returning(messageColumns)
        .executeTakeFirstOrThrow();
      await enqueueDelivery(tx, {
        workspaceId: actor.workspaceId,
        inboxId: conv.inbox_id,
        conversationId: conv.id,
        messageId: row.id,
        kind: "message",
        payload: { text },
      });
      return toChatMessage(row);
    },
    getDb(),
  );
}
