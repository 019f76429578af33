import { updateCartItem } from "@/lib/catalog";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";
import { withApiKey } from "@/lib/http/with-api-key";
import { v1CartItemPatch } from "@/lib/rest-v1";

/** Body: { quantity }. 0 removes the line and returns its units to stock. */
export const PATCH = withApiKey(
  async (ctx) => {
    const { quantity } = await ctx.body(v1CartItemPatch);
    const cart = await updateCartItem(ctx.principal.scope, {
      conversation_id: ctx.params.conversationId ?? "",
      product_id: ctx.params.productId ?? "",
      quantity,
    });
    return { cart };
  },
  { scope: { group: "catalog", access: "write" } },
);

export const { GET, POST, PUT, DELETE } = methodsNotAllowed(["PATCH"]);
