import { createProduct, listProducts, productInput } from "@/lib/catalog";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";
import { json } from "@/lib/http/respond";
import { withApiKey } from "@/lib/http/with-api-key";
import { v1ListProductsQuery } from "@/lib/rest-v1";
import { parseWith } from "@/lib/validation";

/** ?search=&includeInactive=&cursor=&limit= */
export const GET = withApiKey(
  async (ctx) =>
    listProducts(ctx.principal.scope, parseWith(v1ListProductsQuery, Object.fromEntries(ctx.searchParams))),
  { scope: { group: "catalog", access: "read" } },
);

/** Body: productInput ({ sku, name, price, description?, currency?, stock?, active? }). */
export const POST = withApiKey(
  async (ctx) => {
    const input = await ctx.body(productInput);
    return json({ product: await createProduct(ctx.principal.scope, input) }, 201);
  },
  { scope: { group: "catalog", access: "write" } },
);

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
