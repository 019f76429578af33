import { sql } from "kysely";
import { runAsUser, type Tx } from "../db/rls";
import { AppError } from "../errors";
import { withServiceRole } from "../inboxes/inbox-rows";
import { handBack, requestHandoff } from "./handoff";
import type { ChannelActor } from "./human-reply";

/**
 * The Inbox's operator actions on a channel conversation: take over, hand
 * back, mark read, and the deliveries shown beside the messages. Each runs
 * as the member through RLS; the vendor's side (a handoff delivery) is
 * queued in the same transaction.
 */

const notFound = () => new AppError("not_found", "Conversation not found.");

/** The conversation as a member may act on it: 404 when invisible, 403 for viewers, 400 for the in-app chat. */
async function memberConversation(tx: Tx, actor: ChannelActor, id: string) {
  const conv = await tx
    .selectFrom("conversations as c")
    .innerJoin("inboxes as i", "i.id", "c.inbox_id")
    .select(["c.id", "c.handled_by", "c.assignee_id", "i.channel"])
    .where("c.workspace_id", "=", actor.workspaceId)
    .where("c.id", "=", id)
    .executeTakeFirst();
  if (!conv) throw notFound();
  // Members (or above) pass the update policy; a viewer's update touches nothing.
  const member = await tx
    .updateTable("conversations")
    .set({ unread_count: sql`unread_count` })
    .where("workspace_id", "=", actor.workspaceId)
    .where("id", "=", id)
    .returning("id")
    .executeTakeFirst();
  if (!member) throw new AppError("forbidden", "Viewers cannot act on conversations.");
  if (conv.channel === "web")
    throw new AppError("bad_request", "This conversation is the in-app chat: there is no customer channel.");
  return conv;
}

/** "Take over": people handle it from now on, with the caller as the assignee; the bot stays silent. */
export async function takeOver(actor: ChannelActor, conversationId: string): Promise<void> {
  await runAsUser(actor.claims, async (tx) => {
    const conv = await memberConversation(tx, actor, conversationId);
    if (conv.handled_by === "bot")
      await withServiceRole(tx, () =>
        requestHandoff(tx, {
          workspaceId: actor.workspaceId,
          conversationId,
          reason: "Taken over by a member.",
          by: "member",
          userId: actor.claims.sub,
        }),
      );
    else
      await tx
        .updateTable("conversations")
        .set({ assignee_id: actor.claims.sub })
        .where("workspace_id", "=", actor.workspaceId)
        .where("id", "=", conversationId)
        .execute();
  });
}

/** "Hand back to bot": the bot answers the customer's next message again. */
export async function handBackToBot(actor: ChannelActor, conversationId: string): Promise<void> {
  await runAsUser(actor.claims, async (tx) => {
    await memberConversation(tx, actor, conversationId);
    await handBack(tx, { workspaceId: actor.workspaceId, conversationId, userId: actor.claims.sub });
  });
}

/** Opened by a member: its unread count goes back to 0. Viewers' opening changes nothing. */
export async function markRead(actor: ChannelActor, conversationId: string): Promise<void> {
  const found = await runAsUser(actor.claims, async (tx) => {
    await tx
      .updateTable("conversations")
      .set({ unread_count: 0 })
      .where("workspace_id", "=", actor.workspaceId)
      .where("id", "=", conversationId)
      .where("unread_count", ">", 0)
      .execute();
    return tx
      .selectFrom("conversations")
      .select("id")
      .where("workspace_id", "=", actor.workspaceId)
      .where("id", "=", conversationId)
      .executeTakeFirst();
  });
  if (!found) throw notFound();
}

export interface DeliveryView {
  id: string;
  messageId: string | null;
  kind: string;
  status: string;
  attempts: number;
  lastError: { code: string; message: string } | null;
  externalId: string | null;
  deliveryStatus: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A conversation's deliveries to its channel, newest first (the Inbox shows their status and Retry). */
export async function listDeliveries(actor: ChannelActor, conversationId: string): Promise<DeliveryView[]> {
  return runAsUser(actor.claims, async (tx) => {
    const conv = await tx
      .selectFrom("conversations")
      .select("id")
      .where("workspace_id", "=", actor.workspaceId)
      .where("id", "=", conversationId)
      .executeTakeFirst();
    if (!conv) throw notFound();
    const rows = await tx
      .selectFrom("channel_deliveries")
      .select([
        "id",
        "message_id",
        "kind",
        "status",
        "attempts",
        "last_error",
        "external_id",
        "delivery_status",
        "created_at",
        "updated_at",
      ])
      .where("workspace_id", "=", actor.workspaceId)
      .where("conversation_id", "=", conversationId)
      .orderBy("created_at", "desc")
      .limit(200)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      messageId: r.message_id,
      kind: r.kind,
      status: r.status,
      attempts: r.attempts,
      lastError: errorOf(r.last_error),
      externalId: r.external_id,
      deliveryStatus: r.delivery_status,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  });
}

function errorOf(e: unknown): { code: string; message: string } | null {
  if (typeof e !== "object" || e === null) return null;
  const { code, message } = e as Record<string, unknown>;
  return {
    code: typeof code === "string" ? code : "error",
    message: typeof message === "string" ? message : "The delivery failed.",
  };
}
