import { runAsUser } from "../db/rls";
import { AppError } from "../errors";
import { parseWith } from "../validation";
import type { WorkspaceScope } from "../workspaces";
import { assertConversationId, findConversation } from "./conversations";
import { messageColumns, toChatMessage } from "./map";
import { type ChatMessage, type ListMessagesQuery, listMessagesQuery } from "./schema";

/**
 * The last `limit` messages (before `before`, when given) in ascending order,
 * read backwards along messages_conversation_idx. Indexes are gapless from 1,
 * so `messages[0].index > 1` means older messages exist.
 */
export async function listMessages(
  ctx: WorkspaceScope,
  conversationId: string,
  opts: ListMessagesQuery = {},
): Promise<ChatMessage[]> {
  assertConversationId(conversationId);
  const o = parseWith(listMessagesQuery, opts);
  const rows = await runAsUser(ctx.claims, async (tx) => {
    // Not found rather than an empty list: callers tell a foreign id from an empty chat.
    if (!(await findConversation(tx, ctx, conversationId))) {
      throw new AppError("not_found", "Conversation not found.");
    }
    let qb = tx
      .selectFrom("messages")
      .select(messageColumns)
      .where("workspace_id", "=", ctx.workspaceId)
      .where("conversation_id", "=", conversationId);
    if (o.before !== undefined) qb = qb.where("message_index", "<", o.before);
    return qb.orderBy("message_index", "desc").limit(o.limit).execute();
  });
  return rows.reverse().map(toChatMessage);
}
