import { z } from "zod";
import { createCartInput, listProductsQuery, updateCartItemInput } from "../catalog/schema";

/** /api/v1 catalog requests (strict: unknown fields are a 400) and the responses it documents. */

export const v1ListProductsQuery = listProductsQuery.strict();
export const v1CreateCartInput = createCartInput.strict();
/** PATCH /carts/{conversationId}/items/{productId}: the ids come from the path. */
export const v1CartItemPatch = updateCartItemInput.pick({ quantity: true }).strict();

const uuid = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

export const productSchema = z.object({
  id: uuid,
  sku: z.string(),
  name: z.string(),
  description: z.string(),
  price: z.number(),
  currency: z.string().length(3),
  /** Units on the shelf: units in carts are already taken out. */
  stock: z.int(),
  active: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const cartSchema = z.object({
  id: uuid,
  conversationId: uuid,
  currency: z.string().length(3).nullable(),
  items: z.array(
    z.object({
      productId: uuid,
      sku: z.string(),
      name: z.string(),
      quantity: z.int().min(1),
      unitPrice: z.number(),
      lineTotal: z.number(),
    }),
  ),
  itemCount: z.int(),
  total: z.number(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
