import { sql } from "kysely";
import { runAsUser } from "../db/rls";
import { AppError } from "../errors";
import { TYPING_CHANNEL } from "../realtime/listener";
import type { ChannelActor } from "./human-reply";

/** Channels whose customer sees an operator typing: the widget (Chatwoot's own UI shows its agents'). */
const TYPING_CHANNELS = ["widget"];

/**
 * A member typing a reply in the Inbox: the widget's visitor sees "typing…"
 * for a few seconds. Nothing is stored: one NOTIFY, in a statement that finds
 * the conversation through the member's RLS (another workspace's id is not
 * found), passed by the listener to that conversation's visitor stream. The
 * route admits members and above, and limits how often one may signal.
 */
export async function signalOperatorTyping(
  actor: ChannelActor,
  conversationId: string,
): Promise<{ shown: boolean }> {
  const shown = await runAsUser(actor.claims, async (tx) => {
    const { rows } = await sql<{ channel: string }>`
      select i.channel::text as channel from public.conversations c
        join public.inboxes i on i.workspace_id = c.workspace_id and i.id = c.inbox_id
       where c.workspace_id = ${actor.workspaceId} and c.id = ${conversationId}`.execute(tx);
    const channel = rows[0]?.channel;
    if (!channel) throw new AppError("not_found", "Conversation not found.");
    if (!TYPING_CHANNELS.includes(channel)) return false;
    // Sent when this transaction commits.
    await sql`select pg_notify(${TYPING_CHANNEL}, ${conversationId})`.execute(tx);
    return true;
  });
  return { shown };
}
