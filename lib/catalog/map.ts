import type { Selectable } from "kysely";
import type { Products } from "../db/types";
import type { Cart, CartItem, Product } from "./schema";

/** The columns a Product is built from (never workspace_id or created_by: not part of the API). */
export const productColumns = [
  "id",
  "sku",
  "name",
  "description",
  "price",
  "currency",
  "stock",
  "active",
  "created_at",
  "updated_at",
] as const;

export type ProductRow = Pick<Selectable<Products>, (typeof productColumns)[number]>;

/** numeric(12, 2) arrives as a string; whole cents are exact, floats of them are not. */
export const toCents = (price: string | number): number => Math.round(Number(price) * 100);
export const fromCents = (cents: number): number => cents / 100;

export function toProduct(r: ProductRow): Product {
  return {
    id: r.id,
    sku: r.sku,
    name: r.name,
    description: r.description,
    price: fromCents(toCents(r.price)),
    currency: r.currency,
    stock: r.stock,
    active: r.active,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface CartRow {
  id: string;
  conversation_id: string;
  currency: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface CartItemRow {
  product_id: string;
  sku: string;
  name: string;
  quantity: number;
  unit_price: string;
}

/** Totals are summed in cents so that 3 x 0.10 is 0.30, not 0.30000000000000004. */
export function toCart(cart: CartRow, rows: CartItemRow[]): Cart {
  let totalCents = 0;
  let units = 0;
  const items: CartItem[] = rows.map((r) => {
    const unit = toCents(r.unit_price);
    totalCents += unit * r.quantity;
    units += r.quantity;
    return {
      productId: r.product_id,
      sku: r.sku,
      name: r.name,
      quantity: r.quantity,
      unitPrice: fromCents(unit),
      lineTotal: fromCents(unit * r.quantity),
    };
  });
  return {
    id: cart.id,
    conversationId: cart.conversation_id,
    currency: cart.currency,
    items,
    itemCount: units,
    total: fromCents(totalCents),
    createdAt: cart.created_at,
    updatedAt: cart.updated_at,
  };
}
