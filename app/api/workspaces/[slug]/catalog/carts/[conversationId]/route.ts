import { getCart, getCartInput } from "@/lib/catalog";
import { withWorkspace } from "@/lib/http/handler";
import { parseWith } from "@/lib/validation";

/** The conversation's cart; 404 with details.code "cart_not_found" when nothing was added yet. */
export const GET = withWorkspace(
  async (ctx) => {
    const input = parseWith(getCartInput, { conversation_id: ctx.params.conversationId });
    return { cart: await getCart({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, input) };
  },
  { role: "viewer" },
);
