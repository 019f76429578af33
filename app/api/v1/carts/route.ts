import { createCart } from "@/lib/catalog";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { withApiKey } from "@/lib/http/with-api-key";
import { v1CreateCartInput } from "@/lib/rest-v1";

/**
 * Body: { conversation_id, product_id, quantity } (create_cart semantics): adds
 * the product to the conversation's cart, starting the cart if needed, and
 * reserves the stock. Not enough stock, an inactive product or another
 * currency is 409 with `details.code`.
 */
export const POST = withApiKey(
  async (ctx) =>
    json({ cart: await createCart(ctx.principal.scope, await ctx.body(v1CreateCartInput)) }, 201),
  { scope: { group: "catalog", access: "write" } },
);

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
