import { sql } from "kysely";
import type { Database } from "../db/client";
import type { Tx } from "../db/rls";
import { AppError } from "../errors";
import { adapterFor } from "./adapters";
import "./adapters/index";

type Db = Database | Tx;

const MAX_REASON = 500;

/**
 * Hands a conversation to people: the bot stops answering it (handled_by
 * 'human') and, where the channel can, the vendor's side is told (a 'handoff'
 * delivery: Chatwoot opens the conversation for its agents). One statement;
 * nothing happens when people handle it already. `db` is the service path:
 * callers acting for a member check their access through RLS first.
 * `by: "vendor"`: the vendor's side did it (a Chatwoot agent took the
 * conversation), so nothing is sent back to it.
 */
export async function requestHandoff(
  db: Db,
  a: {
    workspaceId: string;
    conversationId: string;
    reason: string;
    by: "agent" | "rule" | "member" | "vendor";
    userId?: string;
  },
): Promise<void> {
  const reason = a.reason.trim().slice(0, MAX_REASON) || "Handed to a person.";
  const assignee = a.by === "member" ? (a.userId ?? null) : null;
  await sql`
    with c as (
      update public.conversations c
         set handled_by = 'human', handoff_reason = ${reason}, handoff_at = now(),
             assignee_id = coalesce(${assignee}::uuid, c.assignee_id)
        from public.inboxes i
       where c.workspace_id = ${a.workspaceId} and c.id = ${a.conversationId} and c.handled_by = 'bot'
         and i.workspace_id = c.workspace_id and i.id = c.inbox_id
      returning c.id, c.workspace_id, c.inbox_id, i.channel::text as channel),
    d as (
      insert into public.channel_deliveries (workspace_id, inbox_id, conversation_id, kind, payload)
      select c.workspace_id, c.inbox_id, c.id, 'handoff',
             jsonb_build_object('reason', ${reason}::text, 'by', ${a.by}::text)
        from c where c.channel = any(${a.by === "vendor" ? [] : channelsWithHandoff()}::text[])
      returning id)
    select private.enqueue_channel_delivery(d.id) from d`.execute(db);
}

/** Gives a conversation back to the bot; the next customer message is answered again. */
export async function handBack(
  db: Db,
  a: { workspaceId: string; conversationId: string; userId: string },
): Promise<void> {
  const res = await db
    .updateTable("conversations")
    .set({ handled_by: "bot", assignee_id: null, handoff_reason: null, handoff_at: null })
    .where("workspace_id", "=", a.workspaceId)
    .where("id", "=", a.conversationId)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw new AppError("not_found", "Conversation not found.");
}

function channelsWithHandoff(): string[] {
  return ["chatwoot", "whatsapp", "widget", "api"].filter((c) => adapterFor(c)?.handoff);
}

export { sendHumanReply } from "./human-reply";
