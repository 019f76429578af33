// The five commerce tools of the Laburen seed, under exactly its names, over lib/catalog.
import { z } from "zod";
import {
  createCart,
  createCartInput,
  getCart,
  getProduct,
  listProducts,
  updateCartItem,
  updateCartItemInput,
} from "../../lib/catalog";
import {
  cartResult,
  productPageOutput,
  productResult,
  serializeCart,
  serializeProduct,
} from "../../lib/catalog/contract";
import { defineTool } from "../registry";

const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
// Inputs keep the Laburen wire names (snake_case) over the contract's field schemas.
const conversationId = createCartInput.shape.conversation_id.describe(
  "The conversation the cart belongs to (one cart per conversation)",
);
const productId = createCartInput.shape.product_id;

export const listProductsTool = defineTool({
  name: "list_products",
  title: "List products",
  description:
    "Products of the catalog, ordered by SKU. `search` matches SKU, name and description. Page with `cursor` = the previous page's nextCursor.",
  group: "catalog",
  access: "read",
  annotations: readOnly,
  input: z.strictObject({
    search: z.string().trim().min(1).max(200).optional(),
    limit: z.number().int().min(1).max(100).default(20),
    cursor: z.string().max(500).optional(),
    include_inactive: z.boolean().default(false).describe("Also list products that are not for sale"),
  }),
  output: productPageOutput,
  untrusted: false,
  async run({ scope }, a) {
    const page = await listProducts(scope, {
      search: a.search,
      limit: a.limit,
      cursor: a.cursor,
      includeInactive: a.include_inactive,
    });
    return { products: page.products.map(serializeProduct), nextCursor: page.nextCursor };
  },
});

export const getProductTool = defineTool({
  name: "get_product",
  title: "Get product",
  description: "One product by id, with its price and the stock on the shelf.",
  group: "catalog",
  access: "read",
  annotations: readOnly,
  input: z.strictObject({ product_id: productId }),
  output: productResult,
  untrusted: false,
  async run({ scope }, { product_id }) {
    return { product: serializeProduct(await getProduct(scope, product_id)) };
  },
});

export const createCartTool = defineTool({
  name: "create_cart",
  title: "Create cart",
  description:
    "Adds `quantity` units of a product to the conversation's cart, creating the cart if it has none (a product already in it gets the units added). Stock is checked and reserved.",
  group: "catalog",
  access: "write",
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  input: z.strictObject({
    conversation_id: conversationId,
    product_id: productId,
    quantity: createCartInput.shape.quantity,
  }),
  output: cartResult,
  untrusted: false,
  async run({ scope }, a) {
    return { cart: serializeCart(await createCart(scope, a)) };
  },
});

export const getCartTool = defineTool({
  name: "get_cart",
  title: "Get cart",
  description: "The conversation's cart: items, quantities, prices and total.",
  group: "catalog",
  access: "read",
  annotations: readOnly,
  input: z.strictObject({ conversation_id: conversationId }),
  output: cartResult,
  untrusted: false,
  async run({ scope }, a) {
    return { cart: serializeCart(await getCart(scope, a)) };
  },
});

export const updateCartItemTool = defineTool({
  name: "update_cart_item",
  title: "Update cart item",
  description:
    "Sets the quantity of a product already in the conversation's cart; 0 removes the line and returns its units to stock. Raising it reserves more stock.",
  group: "catalog",
  access: "write",
  // Quantity 0 removes an item; setting the same quantity twice leaves the same cart.
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  input: z.strictObject({
    conversation_id: conversationId,
    product_id: productId,
    quantity: updateCartItemInput.shape.quantity,
  }),
  output: cartResult,
  untrusted: false,
  async run({ scope }, a) {
    return { cart: serializeCart(await updateCartItem(scope, a)) };
  },
});
