import { getCart } from "@/lib/catalog";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";
import { withApiKey } from "@/lib/http/with-api-key";

/** 404 with details.code `conversation_not_found` or `cart_not_found` (nothing added yet). */
export const GET = withApiKey(
  async (ctx) => ({
    cart: await getCart(ctx.principal.scope, { conversation_id: ctx.params.conversationId ?? "" }),
  }),
  { scope: { group: "catalog", access: "read" } },
);

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
