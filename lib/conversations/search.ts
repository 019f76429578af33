import { sql } from "kysely";
import { z } from "zod";
import { runAsUser } from "../db/rls";
import { parseWith } from "../validation";
import type { WorkspaceScope } from "../workspaces";
import { likePattern } from "./list";
import type { MessageRole } from "./schema";

export const searchMessagesQuery = z.object({
  query: z.string().trim().min(1, "Type something to search for.").max(200),
  limit: z.number().int().min(1).max(100).default(20),
  /**
   * Only messages from the last `days` days. Messages are partitioned by
   * month, so the window bounds how many partitions a search with few hits
   * has to read, whatever the workspace's history.
   */
  days: z.number().int().min(1).max(366).default(90),
});
export type SearchMessagesQuery = z.input<typeof searchMessagesQuery>;

export interface MessageMatch {
  messageId: string;
  conversationId: string;
  index: number;
  role: MessageRole;
  createdAt: Date;
  /** The message's text parts, joined by newlines. Written by end users or models: untrusted. */
  text: string;
}

interface MatchRow {
  id: string;
  conversation_id: string;
  message_index: number;
  role: MessageRole;
  created_at: Date;
  text: string;
}

/**
 * Messages whose text parts contain `query` (case-insensitive, `%` and `_`
 * literal), newest first. Runs through RLS with the caller's claims and also
 * names the workspace, so a key or user only ever searches its own workspace;
 * the time window walks messages_time_idx backwards and stops at `limit` hits.
 */
export async function searchMessages(ctx: WorkspaceScope, q: SearchMessagesQuery): Promise<MessageMatch[]> {
  const f = parseWith(searchMessagesQuery, q);
  const pattern = likePattern(f.query);
  const rows = await runAsUser(ctx.claims, async (tx) => {
    const { rows } = await sql<MatchRow>`
      select m.id, m.conversation_id, m.message_index, m.role, m.created_at, t.text
      from public.messages m
      cross join lateral (
        -- Text parts only: matching the raw JSON would find "type" or "text" in every message.
        select string_agg(e.part->>'text', E'\n' order by e.ord) as text
        from jsonb_array_elements(
          case when jsonb_typeof(m.parts) = 'array' then m.parts else '[]'::jsonb end
        ) with ordinality as e(part, ord)
        where e.part->>'type' = 'text'
      ) t
      where m.workspace_id = ${ctx.workspaceId}
        and m.created_at >= now() - make_interval(days => ${f.days})
        and t.text ilike ${pattern}
      order by m.created_at desc, m.id
      limit ${f.limit}`.execute(tx);
    return rows;
  });
  return rows.map((r) => ({
    messageId: r.id,
    conversationId: r.conversation_id,
    index: r.message_index,
    role: r.role,
    createdAt: r.created_at,
    text: r.text,
  }));
}
