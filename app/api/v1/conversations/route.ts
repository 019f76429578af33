import { listConversations } from "@/lib/conversations";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";
import { withApiKey } from "@/lib/http/with-api-key";
import { v1ListConversationsQuery } from "@/lib/rest-v1";
import { parseWith } from "@/lib/validation";

/** ?agentId=&status=open|closed&tag=&q=&cursor=&limit=: most recently active first. */
export const GET = withApiKey(
  async (ctx) => {
    const q = parseWith(v1ListConversationsQuery, Object.fromEntries(ctx.searchParams));
    return listConversations(ctx.principal.scope, q);
  },
  { scope: { group: "conversations", access: "read" } },
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
