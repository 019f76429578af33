import { conversationIdSchema, listMessages } from "@/lib/conversations";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";
import { withApiKey } from "@/lib/http/with-api-key";
import { v1ListMessagesQuery } from "@/lib/rest-v1";
import { parseWith } from "@/lib/validation";

/** ?before=<message index>&limit=: a page of history, oldest first. */
export const GET = withApiKey(
  async (ctx) => {
    const id = parseWith(conversationIdSchema, ctx.params.id);
    const q = parseWith(v1ListMessagesQuery, Object.fromEntries(ctx.searchParams));
    const messages = await listMessages(ctx.principal.scope, id, q);
    const oldest = messages[0]?.index;
    // Indexes are gapless from 1, so anything above 1 means older messages exist.
    return { messages, hasMore: oldest !== undefined && oldest > 1, before: oldest ?? null };
  },
  { scope: { group: "conversations", access: "read" } },
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
