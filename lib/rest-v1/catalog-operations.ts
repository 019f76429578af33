import { z } from "zod";
import { productIdSchema, productInput, productUpdateInput } from "../catalog/schema";
import {
  cartSchema,
  productSchema,
  v1CartItemPatch,
  v1CreateCartInput,
  v1ListProductsQuery,
} from "./catalog-schemas";
import type { V1Operation } from "./operations";
import { okSchema } from "./schemas";

const productParams = { id: productIdSchema };
const conversationId = z.uuid();
const productResponse = z.object({ product: productSchema });
const cartResponse = z.object({ cart: cartSchema });

export const catalogOperations: V1Operation[] = [
  {
    method: "get",
    path: "/products",
    group: "catalog",
    summary: "List products",
    description: "Every word of `search` must appear in the SKU, name or description.",
    query: v1ListProductsQuery,
    response: {
      status: 200,
      description: "A page of products.",
      schema: z.object({ products: z.array(productSchema), nextCursor: z.string().nullable() }),
    },
  },
  {
    method: "post",
    path: "/products",
    group: "catalog",
    summary: "Create a product",
    body: productInput,
    response: { status: 201, description: "The new product.", schema: productResponse },
  },
  {
    method: "get",
    path: "/products/{id}",
    group: "catalog",
    summary: "Get a product",
    params: productParams,
    response: { status: 200, description: "The product.", schema: productResponse },
  },
  {
    method: "patch",
    path: "/products/{id}",
    group: "catalog",
    summary: "Update a product",
    params: productParams,
    body: productUpdateInput,
    response: { status: 200, description: "The updated product.", schema: productResponse },
  },
  {
    method: "delete",
    path: "/products/{id}",
    group: "catalog",
    summary: "Delete a product",
    params: productParams,
    response: { status: 200, description: "Deleted.", schema: okSchema },
  },
  {
    method: "post",
    path: "/carts",
    group: "catalog",
    summary: "Add a product to a conversation's cart",
    description:
      "Starts the cart on first use and reserves the stock. 409 with `details.code` " +
      "`out_of_stock`, `product_inactive` or `currency_mismatch`.",
    body: v1CreateCartInput,
    response: { status: 201, description: "The cart after the change.", schema: cartResponse },
  },
  {
    method: "get",
    path: "/carts/{conversationId}",
    group: "catalog",
    summary: "Get a conversation's cart",
    description: "404 with `details.code` `conversation_not_found` or `cart_not_found` (nothing added yet).",
    params: { conversationId },
    response: { status: 200, description: "The cart.", schema: cartResponse },
  },
  {
    method: "patch",
    path: "/carts/{conversationId}/items/{productId}",
    group: "catalog",
    summary: "Set a cart line's quantity",
    description: "0 removes the line and returns its units to stock; more reserves the difference.",
    params: { conversationId, productId: productIdSchema },
    body: v1CartItemPatch,
    response: { status: 200, description: "The cart after the change.", schema: cartResponse },
  },
];
