import { deleteProduct, getProduct, productIdSchema, productUpdateInput, updateProduct } from "@/lib/catalog";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";
import { withApiKey } from "@/lib/http/with-api-key";
import { parseWith } from "@/lib/validation";

export const GET = withApiKey(
  async (ctx) => ({
    product: await getProduct(ctx.principal.scope, parseWith(productIdSchema, ctx.params.id)),
  }),
  { scope: { group: "catalog", access: "read" } },
);

/** Body: any of productInput's fields. */
export const PATCH = withApiKey(
  async (ctx) => {
    const id = parseWith(productIdSchema, ctx.params.id);
    return { product: await updateProduct(ctx.principal.scope, id, await ctx.body(productUpdateInput)) };
  },
  { scope: { group: "catalog", access: "write" } },
);

export const DELETE = withApiKey(
  async (ctx) => {
    await deleteProduct(ctx.principal.scope, parseWith(productIdSchema, ctx.params.id));
    return { ok: true };
  },
  { scope: { group: "catalog", access: "write" } },
);

export const { POST, PUT } = methodsNotAllowed(["GET", "PATCH", "DELETE"]);
