import {
  conversationIdSchema,
  getConversation,
  updateConversation,
  updateConversationInput,
} from "@/lib/conversations";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";
import { withApiKey } from "@/lib/http/with-api-key";
import { parseWith } from "@/lib/validation";

export const GET = withApiKey(
  async (ctx) => {
    const id = parseWith(conversationIdSchema, ctx.params.id);
    return { conversation: await getConversation(ctx.principal.scope, id) };
  },
  { scope: { group: "conversations", access: "read" } },
);

/** Body: any of { title, status, tags } (tags replace the whole set). */
export const PATCH = withApiKey(
  async (ctx) => {
    const id = parseWith(conversationIdSchema, ctx.params.id);
    const patch = await ctx.body(updateConversationInput);
    return { conversation: await updateConversation(ctx.principal.scope, id, patch) };
  },
  { scope: { group: "conversations", access: "write" } },
);

export const { POST, PUT, DELETE } = methodsNotAllowed(["GET", "PATCH"]);
