import { createProduct, listProducts, listProductsQuery, productInput } from "@/lib/catalog";
import { withWorkspace } from "@/lib/http/handler";
import { json } from "@/lib/http/respond";
import { parseWith } from "@/lib/validation";

/** ?search=&limit=&cursor=&includeInactive=true|false, in SKU order. */
export const GET = withWorkspace(
  async (ctx) => {
    const q = parseWith(listProductsQuery, Object.fromEntries(ctx.searchParams));
    return listProducts({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, q);
  },
  { role: "viewer" },
);

export const POST = withWorkspace(
  async (ctx) => {
    const input = await ctx.body(productInput);
    const product = await createProduct({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, input);
    return json({ product }, 201);
  },
  { role: "member" },
);
