import { tool } from "ai";
import { z } from "zod";
import {
  type Cart,
  createCart,
  createCartInput,
  getCart,
  getProduct,
  listProducts,
  listProductsQuery,
  type Product,
  productIdSchema,
  updateCartItem,
  updateCartItemInput,
} from "../catalog";
import type { CartJson, ProductJson } from "../catalog/contract";
import { isAppError } from "../errors";
import type { ToolContext } from "./context";

// The Laburen commerce tools as built-in agent tools. In chat the cart is
// always the current conversation's: conversation_id is not an input, so the
// model cannot reach another conversation's cart whatever it is told.

const scope = (ctx: ToolContext) => ({ claims: ctx.claims, workspaceId: ctx.workspaceId });

export type ToolError = { error: string; code?: string; available?: number };

/** Refusals the model can act on (out of stock, not found, bad input) are results; anything else throws. */
async function asResult<T>(run: () => Promise<T>): Promise<T | ToolError> {
  try {
    return await run();
  } catch (e) {
    if (!isAppError(e) || e.code === "internal" || e.code === "unavailable") throw e;
    const d = (typeof e.details === "object" && e.details !== null ? e.details : {}) as Record<
      string,
      unknown
    >;
    return {
      error: e.message,
      ...(typeof d.code === "string" ? { code: d.code } : {}),
      ...(typeof d.available === "number" ? { available: d.available } : {}),
    };
  }
}

const LIST_DESCRIPTION_CHARS = 280;

/** What the model sees of a product: the contract's fields minus timestamps, the description shortened. */
const productSummary = (
  p: Product,
): Pick<ProductJson, "id" | "sku" | "name" | "description" | "price" | "currency" | "stock"> => ({
  id: p.id,
  sku: p.sku,
  name: p.name,
  description:
    p.description.length > LIST_DESCRIPTION_CHARS
      ? `${p.description.slice(0, LIST_DESCRIPTION_CHARS)}…`
      : p.description,
  price: p.price,
  currency: p.currency,
  stock: p.stock,
});

const cartSummary = (
  c: Pick<Cart, "currency" | "items" | "itemCount" | "total">,
): Pick<CartJson, "currency" | "items" | "itemCount" | "total"> => ({
  currency: c.currency,
  items: c.items,
  itemCount: c.itemCount,
  total: c.total,
});
const EMPTY_CART = cartSummary({ currency: null, items: [], itemCount: 0, total: 0 });

// Inputs derive from the catalog contract's field schemas; the model gets smaller pages.
const listFields = listProductsQuery.shape;
export const listProductsToolInput = z.object({
  search: listFields.search.describe(
    "Words to look for in the SKU, name or description; omit to list everything.",
  ),
  limit: z.number().int().min(1).max(50).optional().describe("Products per page (default 10)."),
  cursor: listFields.cursor.describe("nextCursor from the previous page."),
});
export const getProductToolInput = z.object({ product_id: productIdSchema.describe("The product's id.") });
export const createCartToolInput = createCartInput.omit({ conversation_id: true });
export const getCartToolInput = z.object({});
export const updateCartItemToolInput = updateCartItemInput.omit({ conversation_id: true });

export const listProductsTool = (ctx: ToolContext) =>
  tool({
    description:
      "Search the product catalog (products for sale, in stock or not). Returns id, SKU, name, price, currency and units in stock.",
    inputSchema: listProductsToolInput,
    execute: async (input) =>
      asResult(async () => {
        const page = await listProducts(scope(ctx), { ...input, limit: input.limit ?? 10 });
        return { products: page.products.map(productSummary), nextCursor: page.nextCursor };
      }),
  });

export const getProductTool = (ctx: ToolContext) =>
  tool({
    description: "Get one product by id, with its full description, price and units in stock.",
    inputSchema: getProductToolInput,
    execute: async ({ product_id }) =>
      asResult(async () => {
        const p = await getProduct(scope(ctx), product_id);
        return { ...productSummary(p), description: p.description, active: p.active };
      }),
  });

export const createCartTool = (ctx: ToolContext) =>
  tool({
    description:
      "Add a product to this conversation's cart (the cart is created on first use; adding a product already in it adds to its quantity). Stock is checked and reserved.",
    inputSchema: createCartToolInput,
    execute: async (input) =>
      asResult(async () =>
        cartSummary(await createCart(scope(ctx), { ...input, conversation_id: ctx.conversationId })),
      ),
  });

export const getCartTool = (ctx: ToolContext) =>
  tool({
    description: "Show this conversation's cart: items, quantities, prices and the total.",
    inputSchema: getCartToolInput,
    execute: async () =>
      asResult(async () => {
        try {
          return cartSummary(await getCart(scope(ctx), { conversation_id: ctx.conversationId }));
        } catch (e) {
          // Nothing added yet: for the model that is an empty cart, not a failure.
          if (isAppError(e) && (e.details as { code?: string } | undefined)?.code === "cart_not_found") {
            return EMPTY_CART;
          }
          throw e;
        }
      }),
  });

export const updateCartItemTool = (ctx: ToolContext) =>
  tool({
    description:
      "Change the quantity of a product already in this conversation's cart; quantity 0 removes it. Returns the updated cart.",
    inputSchema: updateCartItemToolInput,
    execute: async (input) =>
      asResult(async () =>
        cartSummary(await updateCartItem(scope(ctx), { ...input, conversation_id: ctx.conversationId })),
      ),
  });
