import { z } from "zod";
import { iso, isoTimestamp, nextCursor, OK, okOutput } from "../contract/json";
import { defineOperation } from "../contract/operation";
import { createCart, getCart, updateCartItem } from "./carts";
import { createProduct, deleteProduct, getProduct, listProducts, updateProduct } from "./products";
import {
  type Cart,
  createCartInput,
  listProductsQuery,
  type Product,
  productIdSchema,
  productInput,
  productUpdateInput,
  updateCartItemInput,
} from "./schema";

/**
 * The catalog's public contract: what a product and a cart look like on the
 * wire, and the operations on them. The web API, /api/v1 and its OpenAPI
 * document, the MCP tools, the built-in agent tools and the browser's types
 * all derive from this file; to add a field, change the migration, the
 * domain type and row mapper (schema.ts, map.ts), this output shape and the
 * form that edits it.
 */

// ---- Output shapes -------------------------------------------------------

export const productOutput = z.object({
  id: z.uuid(),
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  price: z.number(),
  currency: z.string().length(3),
  stock: z.int().describe("Units on the shelf (units in carts are reserved and not counted)"),
  active: z.boolean(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type ProductJson = z.infer<typeof productOutput>;

export const cartItemOutput = z.object({
  productId: z.uuid(),
  sku: z.string(),
  name: z.string(),
  quantity: z.int().min(1),
  unitPrice: z.number().describe("The product's price when it was first added to this cart"),
  lineTotal: z.number(),
});

export const cartOutput = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  currency: z.string().length(3).nullable().describe("Set by the first item; null while the cart is empty"),
  items: z.array(cartItemOutput),
  itemCount: z.int().describe("Units in the cart (the sum of the quantities)"),
  total: z.number(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type CartJson = z.infer<typeof cartOutput>;

export const productPageOutput = z.object({ products: z.array(productOutput), nextCursor });
export type ProductPageJson = z.infer<typeof productPageOutput>;
export const productResult = z.object({ product: productOutput });
export const cartResult = z.object({ cart: cartOutput });

/** Body of POST and PATCH on products, as the browser's form sends it. */
export type ProductBody = z.input<typeof productInput>;

// ---- Serializers ---------------------------------------------------------

export const serializeProduct = (p: Product): ProductJson => ({
  id: p.id,
  sku: p.sku,
  name: p.name,
  description: p.description,
  price: p.price,
  currency: p.currency,
  stock: p.stock,
  active: p.active,
  createdAt: iso(p.createdAt),
  updatedAt: iso(p.updatedAt),
});

export const serializeCart = (c: Cart): CartJson => ({
  id: c.id,
  conversationId: c.conversationId,
  currency: c.currency,
  items: c.items.map((i) => ({ ...i })),
  itemCount: c.itemCount,
  total: c.total,
  createdAt: iso(c.createdAt),
  updatedAt: iso(c.updatedAt),
});

// ---- Operations ----------------------------------------------------------

const productParams = z.object({ id: productIdSchema });
const cartParams = z.object({ conversationId: createCartInput.shape.conversation_id });

/** Query strings arrive as text; unknown parameters are refused (a typo should not silently list everything). */
export const listProductsRequest = listProductsQuery.strict();

export const listProductsOp = defineOperation({
  id: "products.list",
  method: "get",
  summary: "List products",
  description: "In SKU order. Every word of `search` must appear in the SKU, name or description.",
  query: listProductsRequest,
  output: productPageOutput,
  outputDescription: "A page of products.",
  web: { path: "/catalog/products", role: "viewer" },
  v1: { path: "/products", group: "catalog" },
  async run(scope, { query }) {
    const page = await listProducts(scope, query);
    return { products: page.products.map(serializeProduct), nextCursor: page.nextCursor };
  },
});

export const createProductOp = defineOperation({
  id: "products.create",
  method: "post",
  summary: "Create a product",
  body: productInput,
  output: productResult,
  status: 201,
  outputDescription: "The new product.",
  web: { path: "/catalog/products", role: "member" },
  v1: { path: "/products", group: "catalog" },
  async run(scope, { body }) {
    return { product: serializeProduct(await createProduct(scope, body)) };
  },
});

export const getProductOp = defineOperation({
  id: "products.get",
  method: "get",
  summary: "Get a product",
  params: productParams,
  output: productResult,
  outputDescription: "The product.",
  web: { path: "/catalog/products/{id}", role: "viewer" },
  v1: { path: "/products/{id}", group: "catalog" },
  async run(scope, { params }) {
    return { product: serializeProduct(await getProduct(scope, params.id)) };
  },
});

export const updateProductOp = defineOperation({
  id: "products.update",
  method: "patch",
  summary: "Update a product",
  description: "Any of the product's fields; the others stay.",
  params: productParams,
  body: productUpdateInput,
  output: productResult,
  outputDescription: "The updated product.",
  web: { path: "/catalog/products/{id}", role: "member" },
  v1: { path: "/products/{id}", group: "catalog" },
  async run(scope, { params, body }) {
    return { product: serializeProduct(await updateProduct(scope, params.id, body)) };
  },
});

export const deleteProductOp = defineOperation({
  id: "products.delete",
  method: "delete",
  summary: "Delete a product",
  description: "409 with `details.code` `product_in_cart` while the product sits in a cart.",
  params: productParams,
  output: okOutput,
  outputDescription: "Deleted.",
  web: { path: "/catalog/products/{id}", role: "member" },
  v1: { path: "/products/{id}", group: "catalog" },
  async run(scope, { params }) {
    await deleteProduct(scope, params.id);
    return OK;
  },
});

export const createCartOp = defineOperation({
  id: "carts.create",
  method: "post",
  summary: "Add a product to a conversation's cart",
  description:
    "Starts the cart on first use and reserves the stock. 409 with `details.code` " +
    "`out_of_stock`, `product_inactive` or `currency_mismatch`.",
  body: createCartInput.strict(),
  output: cartResult,
  status: 201,
  outputDescription: "The cart after the change.",
  v1: { path: "/carts", group: "catalog" },
  async run(scope, { body }) {
    return { cart: serializeCart(await createCart(scope, body)) };
  },
});

export const getCartOp = defineOperation({
  id: "carts.get",
  method: "get",
  summary: "Get a conversation's cart",
  description: "404 with `details.code` `conversation_not_found` or `cart_not_found` (nothing added yet).",
  params: cartParams,
  output: cartResult,
  outputDescription: "The cart.",
  web: { path: "/catalog/carts/{conversationId}", role: "viewer" },
  v1: { path: "/carts/{conversationId}", group: "catalog" },
  async run(scope, { params }) {
    return { cart: serializeCart(await getCart(scope, { conversation_id: params.conversationId })) };
  },
});

export const updateCartItemOp = defineOperation({
  id: "carts.updateItem",
  method: "patch",
  summary: "Set a cart line's quantity",
  description: "0 removes the line and returns its units to stock; more reserves the difference.",
  params: cartParams.extend({ productId: productIdSchema }),
  body: updateCartItemInput.pick({ quantity: true }).strict(),
  output: cartResult,
  outputDescription: "The cart after the change.",
  v1: { path: "/carts/{conversationId}/items/{productId}", group: "catalog" },
  async run(scope, { params, body }) {
    const input = { conversation_id: params.conversationId, product_id: params.productId, ...body };
    return { cart: serializeCart(await updateCartItem(scope, input)) };
  },
});

export const catalogOperations = [
  listProductsOp,
  createProductOp,
  getProductOp,
  updateProductOp,
  deleteProductOp,
  createCartOp,
  getCartOp,
  updateCartItemOp,
];
