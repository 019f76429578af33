import { sql } from "kysely";
import { runAsUser } from "../db/rls";
import { parseWith } from "../validation";
import type { WorkspaceScope } from "../workspaces";
import { decodeCursor, encodeCursor } from "./cursor";
import { conversationColumns, toConversation } from "./map";
import { type ConversationPage, type ListConversationsQuery, listConversationsQuery } from "./schema";

/** `%`, `_` and `\` in the user's text are literal characters, not wildcards. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}

/**
 * Most recently active first, in the order of conversations_recent_idx
 * (last_message_at desc nulls last, id), so pages are index range scans.
 * Conversations with no message yet come last. `q` matches the title, the
 * contact's name, or the text parts of any message in the conversation.
 */
export async function listConversations(
  ctx: WorkspaceScope,
  query: ListConversationsQuery = {},
): Promise<ConversationPage> {
  const f = parseWith(listConversationsQuery, query);
  const cursor = f.cursor ? decodeCursor(f.cursor) : undefined;
  const rows = await runAsUser(ctx.claims, (tx) => {
    let qb = tx
      .selectFrom("conversations as c")
      .innerJoin("inboxes as i", "i.id", "c.inbox_id")
      .select(conversationColumns)
      .select(sql<string | null>`(extract(epoch from c.last_message_at) * 1000000)::bigint::text`.as("us"))
      .where("c.workspace_id", "=", ctx.workspaceId);
    if (f.agentId) qb = qb.where("c.agent_id", "=", f.agentId);
    if (f.inboxId) qb = qb.where("c.inbox_id", "=", f.inboxId);
    if (f.channel) qb = qb.where("i.channel", "=", f.channel);
    if (f.handledBy) qb = qb.where("c.handled_by", "=", f.handledBy);
    if (f.status) qb = qb.where("c.status", "=", f.status);
    if (f.priority) qb = qb.where("c.priority", "=", f.priority);
    if (f.tag) qb = qb.where(sql<boolean>`c.tags @> array[${f.tag}]::text[]`);
    if (f.q) {
      const p = likePattern(f.q);
      // Text parts only: matching the raw JSON would find "type" or "text" in every message.
      qb = qb.where(sql<boolean>`(c.title ilike ${p} or c.contact_name ilike ${p} or exists (
        select 1 from public.messages m
        cross join lateral jsonb_array_elements(
          case when jsonb_typeof(m.parts) = 'array' then m.parts else '[]'::jsonb end) part
        where m.workspace_id = ${ctx.workspaceId} and m.conversation_id = c.id
          and part->>'type' = 'text' and part->>'text' ilike ${p}))`);
    }
    if (cursor?.us === null) {
      qb = qb.where(sql<boolean>`(c.last_message_at is null and c.id > ${cursor.id})`);
    } else if (cursor) {
      const at = sql`(timestamptz 'epoch' + ${cursor.us}::bigint * interval '1 microsecond')`;
      qb = qb.where(
        sql<boolean>`(c.last_message_at < ${at} or (c.last_message_at = ${at} and c.id > ${cursor.id})
          or c.last_message_at is null)`,
      );
    }
    return qb
      .orderBy("c.last_message_at", (o) => o.desc().nullsLast())
      .orderBy("c.id")
      .limit(f.limit + 1)
      .execute();
  });
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return {
    conversations: page.map(toConversation),
    nextCursor: rows.length > f.limit && last ? encodeCursor({ us: last.us, id: last.id }) : null,
  };
}
