import { sql } from "kysely";
import { runAsService } from "../../db/rls";
import type { WidgetMessage } from "./browser/protocol";
import type { WidgetInbox } from "./inbox";
import type { VisitorClaims } from "./token";

/** The conversation a visitor's messages land in: one per visitor and inbox (conversations.external_ref). */
export const visitorRef = (visitorId: string) => `widget:${visitorId}`;
/** A visitor's message id as the inbound dedupe stores it: scoped to the visitor, so ids cannot collide across visitors. */
export const inboundId = (visitorId: string, clientId: string) => `widget:${visitorId}:${clientId}`;

export interface VisitorConversation {
  id: string;
  handledBy: "bot" | "human";
}

/**
 * The visitor's conversation, found by inbox, workspace and the visitor's ref
 * (all three from the verified token, never from the request body). A token
 * that names a conversation must name this one: a conversation deleted and
 * started again under the same ref is not the one the token was given for.
 */
export async function findVisitorConversation(
  inbox: Pick<WidgetInbox, "id" | "workspaceId">,
  visitor: VisitorClaims,
): Promise<VisitorConversation | null> {
  const row = await runAsService("widget:conversation", (tx) =>
    tx
      .selectFrom("conversations")
      .select(["id", "handled_by"])
      .where("workspace_id", "=", inbox.workspaceId)
      .where("inbox_id", "=", inbox.id)
      .where("external_ref", "=", visitorRef(visitor.visitorId))
      .executeTakeFirst(),
  );
  if (!row) return null;
  if (visitor.conversationId && visitor.conversationId !== row.id) return null;
  return { id: row.id, handledBy: row.handled_by === "human" ? "human" : "bot" };
}

const HISTORY_PAGE = 100;

interface MessageRow {
  id: string;
  message_index: number;
  role: string;
  text: string | null;
  created_by: string | null;
  created_at: Date;
  external_id: string | null;
}

/**
 * What the visitor sees of the conversation after `afterIndex`: the visitor's
 * messages and the replies (the agent's, a member's), text only. Tool calls,
 * their results, system messages and replies still being written stay on the server.
 */
export async function visitorMessages(
  inbox: Pick<WidgetInbox, "id" | "workspaceId">,
  visitor: VisitorClaims,
  conversationId: string,
  afterIndex: number,
): Promise<WidgetMessage[]> {
  const prefix = `${visitorRef(visitor.visitorId)}:`;
  const { rows } = await runAsService("widget:history", (tx) =>
    sql<MessageRow>`
      select * from (
        select m.id, m.message_index, m.role::text as role, m.created_by, m.created_at, e.external_id,
               (select string_agg(p->>'text', '') from jsonb_array_elements(m.parts) p where p->>'type' = 'text') as text
          from public.messages m
          -- By conversation (its index): the inbox's events can be many.
          left join public.channel_inbound_events e
            on e.conversation_id = m.conversation_id and e.inbox_id = ${inbox.id} and e.message_id = m.id
               and m.role = 'user'
         where m.workspace_id = ${inbox.workspaceId} and m.conversation_id = ${conversationId}
           and m.message_index > ${afterIndex}
           and m.role in ('user', 'assistant') and m.status in ('complete', 'stopped')
         order by m.message_index desc
         limit ${HISTORY_PAGE}) page
      order by message_index`.execute(tx),
  );
  return rows
    .filter((r) => r.text)
    .map((r) => ({
      id: r.id,
      index: r.message_index,
      role: r.role === "user" ? "visitor" : r.created_by ? "human" : "bot",
      text: r.text ?? "",
      createdAt: r.created_at.toISOString(),
      ...(r.external_id?.startsWith(prefix) ? { clientId: r.external_id.slice(prefix.length) } : {}),
    }));
}
