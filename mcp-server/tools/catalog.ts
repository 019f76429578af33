// The five commerce tools of the Laburen seed, under exactly its names, over lib/catalog.
import { z } from "zod";
import {
  type Cart,
  createCart,
  getCart,
  getProduct,
  listProducts,
  type Product,
  updateCartItem,
} from "../../lib/catalog";
import { defineTool, isoDate } from "../registry";

const readOnly = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const conversationId = z
  .uuid({ message: "Not a valid conversation id." })
  .describe("The conversation the cart belongs to (one cart per conversation)");
const productId = z.uuid({ message: "Not a valid product id." });

// lib/catalog may hand back numerics as strings and times as Dates; the tools always answer numbers and ISO text.
const num = (v: number | string) => Number(v);
const when = (v: Date | string) => (v instanceof Date ? v.toISOString() : new Date(v).toISOString());

const productShape = z.object({
  id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  price: z.number(),
  currency: z.string(),
  stock: z.number().int().describe("Units on the shelf (units in carts are reserved and not counted)"),
  active: z.boolean(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

function productOut(p: Product): z.input<typeof productShape> {
  return {
    id: p.id,
    sku: p.sku,
    name: p.name,
    description: p.description,
    price: num(p.price),
    currency: p.currency,
    stock: p.stock,
    active: p.active,
    createdAt: when(p.createdAt),
    updatedAt: when(p.updatedAt),
  };
}

const cartShape = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  currency: z.string().nullable(),
  items: z.array(
    z.object({
      productId: z.uuid(),
      sku: z.string(),
      name: z.string(),
      quantity: z.number().int(),
      unitPrice: z.number(),
      lineTotal: z.number(),
    }),
  ),
  itemCount: z.number().int(),
  total: z.number(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

function cartOut(c: Cart): z.input<typeof cartShape> {
  return {
    id: c.id,
    conversationId: c.conversationId,
    currency: c.currency ?? null,
    items: c.items.map((i) => ({
      productId: i.productId,
      sku: i.sku,
      name: i.name,
      quantity: i.quantity,
      unitPrice: num(i.unitPrice),
      lineTotal: num(i.lineTotal),
    })),
    itemCount: c.itemCount,
    total: num(c.total),
    createdAt: when(c.createdAt),
    updatedAt: when(c.updatedAt),
  };
}

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
  output: z.object({ products: z.array(productShape), nextCursor: z.string().nullable() }),
  untrusted: false,
  async run({ scope }, a) {
    const page = await listProducts(scope, {
      search: a.search,
      limit: a.limit,
      cursor: a.cursor,
      includeInactive: a.include_inactive,
    });
    return { products: page.products.map(productOut), nextCursor: page.nextCursor ?? null };
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
  output: z.object({ product: productShape }),
  untrusted: false,
  async run({ scope }, { product_id }) {
    return { product: productOut(await getProduct(scope, product_id)) };
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
    quantity: z.number().int().min(1).max(1000),
  }),
  output: z.object({ cart: cartShape }),
  untrusted: false,
  async run({ scope }, a) {
    return { cart: cartOut(await createCart(scope, a)) };
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
  output: z.object({ cart: cartShape }),
  untrusted: false,
  async run({ scope }, a) {
    return { cart: cartOut(await getCart(scope, a)) };
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
    quantity: z.number().int().min(0).max(1000),
  }),
  output: z.object({ cart: cartShape }),
  untrusted: false,
  async run({ scope }, a) {
    return { cart: cartOut(await updateCartItem(scope, a)) };
  },
});
