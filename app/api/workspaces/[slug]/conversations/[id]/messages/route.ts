import { conversationIdSchema, listMessages, listMessagesQuery } from "@/lib/conversations";
import { withWorkspace } from "@/lib/http/handler";
import { parseWith } from "@/lib/validation";

/** ?before=<message index>&limit=: a page of history, oldest first. */
export const GET = withWorkspace(
  async (ctx) => {
    const id = parseWith(conversationIdSchema, ctx.params.id);
    const q = parseWith(listMessagesQuery, Object.fromEntries(ctx.searchParams));
    const messages = await listMessages({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, id, q);
    const oldest = messages[0]?.index;
    // Indexes are gapless from 1, so anything above 1 means older messages exist.
    return { messages, hasMore: oldest !== undefined && oldest > 1, before: oldest ?? null };
  },
  { role: "viewer" },
);
