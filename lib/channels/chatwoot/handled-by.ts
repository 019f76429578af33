import { sql } from "kysely";
import type { Database } from "../../db/client";
import { requestHandoff } from "../handoff";

/**
 * Who handles a Chatwoot conversation, as Chatwoot's side says (an agent
 * assigned, the conversation opened for humans, or put back to pending for the
 * bot). Written on the service path, scoped to the inbox's workspace. No
 * 'handoff' delivery is queued: Chatwoot already shows it to its people.
 */
const MAX_REASON = 500;

function reasonFor(by: string | null): string {
  return (by ? `Assigned to ${by} in Chatwoot.` : "Opened for people in Chatwoot.").slice(0, MAX_REASON);
}

/**
 * A customer's message arrives in a conversation Chatwoot says a person has: the
 * conversation is found or started as handled by people BEFORE the message is
 * stored, so the message is never answered by the bot (not even by a reply job
 * racing a later update). Answers whether this changed who handles it.
 */
export async function startHumanHandled(
  db: Database,
  a: { workspaceId: string; inboxId: string; externalRef: string; by: string | null },
): Promise<{ changed: boolean }> {
  const { rows } = await sql<{ id: string }>`
    insert into public.conversations as c (workspace_id, inbox_id, agent_id, external_ref, handled_by,
                                           handoff_reason, handoff_at)
    select i.workspace_id, i.id, i.agent_id, ${a.externalRef}, 'human', ${reasonFor(a.by)}, now()
      from public.inboxes i
     where i.workspace_id = ${a.workspaceId} and i.id = ${a.inboxId}
    on conflict (inbox_id, external_ref) where external_ref is not null do update
       set handled_by = 'human', handoff_reason = excluded.handoff_reason, handoff_at = now()
     where c.handled_by = 'bot'
    returning c.id`.execute(db);
  return { changed: rows.length > 0 };
}

/**
 * A conversation event from Chatwoot: only a conversation we already have
 * changes, through the core's handoff functions (`by: "vendor"`: nothing is sent
 * back to Chatwoot, which made the change).
 */
export async function setHandledBy(
  db: Database,
  a: {
    workspaceId: string;
    inboxId: string;
    externalRef: string;
    handledBy: "human" | "bot";
    by: string | null;
  },
): Promise<{ found: boolean }> {
  const conv = await db
    .selectFrom("conversations")
    .select(["id", "handled_by"])
    .where("workspace_id", "=", a.workspaceId)
    .where("inbox_id", "=", a.inboxId)
    .where("external_ref", "=", a.externalRef)
    .executeTakeFirst();
  if (!conv) return { found: false };
  if (conv.handled_by === a.handledBy) return { found: true };
  if (a.handledBy === "human") {
    await requestHandoff(db, {
      workspaceId: a.workspaceId,
      conversationId: conv.id,
      reason: reasonFor(a.by),
      by: "vendor",
    });
  } else {
    // handBack() wants the member who gives it back; here Chatwoot's agent did, so the same update without one.
    await db
      .updateTable("conversations")
      .set({ handled_by: "bot", assignee_id: null, handoff_reason: null, handoff_at: null })
      .where("workspace_id", "=", a.workspaceId)
      .where("id", "=", conv.id)
      .execute();
  }
  return { found: true };
}
