import {
  listConversations,
  listConversationsQuery,
  startConversation,
  startConversationInput,
} from "@/lib/conversations";
import { withWorkspace } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { parseWith } from "@/lib/validation";

/** Filters: ?agentId=&status=open|closed&tag=&q=&cursor=&limit= */
export const GET = withWorkspace(
  async (ctx) => {
    const q = parseWith(listConversationsQuery, Object.fromEntries(ctx.searchParams));
    return listConversations({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, q);
  },
  { role: "viewer" },
);

export const POST = withWorkspace(
  async (ctx) => {
    const input = await ctx.body(startConversationInput);
    const scope = { claims: ctx.session.claims, workspaceId: ctx.workspace.id };
    return json({ conversation: await startConversation(scope, input) }, 201);
  },
  { role: "member" },
);
