import {
  conversationIdSchema,
  deleteConversation,
  getConversation,
  updateConversation,
  updateConversationInput,
} from "@/lib/conversations";
import { withWorkspace } from "@/lib/http/handler";
import { parseWith } from "@/lib/validation";

export const GET = withWorkspace(
  async (ctx) => {
    const id = parseWith(conversationIdSchema, ctx.params.id);
    const scope = { claims: ctx.session.claims, workspaceId: ctx.workspace.id };
    return { conversation: await getConversation(scope, id) };
  },
  { role: "viewer" },
);

/** Body: any of { title, status, tags } (tags replace the whole set). */
export const PATCH = withWorkspace(
  async (ctx) => {
    const id = parseWith(conversationIdSchema, ctx.params.id);
    const patch = await ctx.body(updateConversationInput);
    const scope = { claims: ctx.session.claims, workspaceId: ctx.workspace.id };
    return { conversation: await updateConversation(scope, id, patch) };
  },
  { role: "member" },
);

export const DELETE = withWorkspace(
  async (ctx) => {
    const id = parseWith(conversationIdSchema, ctx.params.id);
    await deleteConversation({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, id);
    return { ok: true };
  },
  { role: "admin" },
);
