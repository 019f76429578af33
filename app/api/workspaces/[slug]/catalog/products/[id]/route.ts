import { deleteProduct, getProduct, productIdSchema, productUpdateInput, updateProduct } from "@/lib/catalog";
import { withWorkspace } from "@/lib/http/handler";
import { parseWith } from "@/lib/validation";

export const GET = withWorkspace(
  async (ctx) => {
    const id = parseWith(productIdSchema, ctx.params.id);
    return { product: await getProduct({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, id) };
  },
  { role: "viewer" },
);

export const PATCH = withWorkspace(
  async (ctx) => {
    const id = parseWith(productIdSchema, ctx.params.id);
    const patch = await ctx.body(productUpdateInput);
    const scope = { claims: ctx.session.claims, workspaceId: ctx.workspace.id };
    return { product: await updateProduct(scope, id, patch) };
  },
  { role: "member" },
);

/** 409 with details.code "product_in_cart" while the product sits in a cart. */
export const DELETE = withWorkspace(
  async (ctx) => {
    const id = parseWith(productIdSchema, ctx.params.id);
    await deleteProduct({ claims: ctx.session.claims, workspaceId: ctx.workspace.id }, id);
    return { ok: true };
  },
  { role: "member" },
);
