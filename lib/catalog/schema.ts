import { z } from "zod";
import { pgText } from "../validation";

// Limits mirror the check constraints in 20261122000500_catalog.sql, so bad
// input is refused here with a readable message rather than by the database.
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
/** numeric(12, 2) */
export const MAX_PRICE = 9_999_999_999.99;
export const MAX_STOCK = 1_000_000_000;
/** A cart line never holds more (cart_items.quantity check). */
export const MAX_LINE_QUANTITY = 100_000;

export const productIdSchema = z.uuid({ message: "Not a valid product id." });

export const skuSchema = z
  .string()
  .trim()
  // abort: an empty or over-long SKU gets one message, not also the pattern's.
  .min(1, { message: "Give the product a SKU.", abort: true })
  .max(64, { message: "Use at most 64 characters.", abort: true })
  .regex(SKU_PATTERN, "Use letters, digits and . _ / - only, starting with a letter or digit.");

export const productNameSchema = pgText().trim().min(1, "Give the product a name.").max(200);
export const descriptionSchema = pgText().trim().max(5000, "Use at most 5000 characters.");

/** Exact in cents: 0.1 * 100 is 10.000000000000002 in floating point, so compare with a tolerance. */
const hasCents = (v: number) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6;

export const priceSchema = z
  .number({ message: "Enter the price as a number." })
  .min(0, "The price cannot be negative.")
  .max(MAX_PRICE, "The price is too large.")
  .refine(hasCents, "Use at most 2 decimals.");

function knownCurrencies(): Set<string> | null {
  // Intl knows the ISO 4217 list when Node has full ICU (the default build).
  const list = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("currency") : [];
  return list.length > 0 ? new Set(list) : null;
}
const CURRENCIES = knownCurrencies();

export const currencySchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, { message: "Use a 3-letter currency code such as USD.", abort: true })
  .refine((c) => CURRENCIES === null || CURRENCIES.has(c), "Not an ISO 4217 currency code.");

export const stockSchema = z
  .number({ message: "Enter the stock as a whole number." })
  .int("Stock is a whole number.")
  .min(0, "Stock cannot be negative.")
  .max(MAX_STOCK, "Stock is too large.");

/** Query strings carry "true"/"false": z.coerce.boolean() would read "false" as true. */
const booleanish = z.preprocess((v) => {
  if (typeof v !== "string") return v;
  const s = v.trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(s)) return true;
  if (["false", "0", "no", "off", ""].includes(s)) return false;
  return v;
}, z.boolean());

export const listProductsQuery = z.object({
  /** Every word must appear in the SKU, name or description (case-insensitive). */
  search: pgText().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  includeInactive: booleanish.default(false),
});
export type ListProductsQueryInput = z.input<typeof listProductsQuery>;
export type ListProductsQuery = z.output<typeof listProductsQuery>;

const productFields = {
  sku: skuSchema,
  name: productNameSchema,
  description: descriptionSchema,
  price: priceSchema,
  currency: currencySchema,
  stock: stockSchema,
  active: z.boolean(),
};

export const productInput = z
  .object({
    ...productFields,
    description: descriptionSchema.default(""),
    currency: currencySchema.default("USD"),
    stock: stockSchema.default(0),
    active: z.boolean().default(true),
  })
  .strict();
export type ProductInput = z.input<typeof productInput>;

export const productUpdateInput = z
  .object(productFields)
  .partial()
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "Nothing to change." });
export type ProductUpdateInput = z.input<typeof productUpdateInput>;

// snake_case on purpose: these are the Laburen tool argument names.
export const createCartInput = z.object({
  conversation_id: z.uuid({ message: "Not a valid conversation id." }),
  product_id: z.uuid({ message: "Not a valid product id." }),
  quantity: z.number().int().min(1).max(1000),
});
export type CreateCartInput = z.infer<typeof createCartInput>;

export const getCartInput = z.object({
  conversation_id: z.uuid({ message: "Not a valid conversation id." }),
});
export type GetCartInput = z.infer<typeof getCartInput>;

export const updateCartItemInput = z.object({
  conversation_id: z.uuid({ message: "Not a valid conversation id." }),
  product_id: z.uuid({ message: "Not a valid product id." }),
  quantity: z.number().int().min(0).max(1000),
});
export type UpdateCartItemInput = z.infer<typeof updateCartItemInput>;

export interface Product {
  id: string;
  sku: string;
  name: string;
  description: string;
  price: number;
  currency: string;
  /** Units on the shelf: units in carts are already taken out. */
  stock: number;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProductPage {
  products: Product[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export interface CartItem {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  /** The product's price when it was first added to this cart. */
  unitPrice: number;
  lineTotal: number;
}

/**
 * A conversation's cart. It exists from the first createCart on; removing
 * every item leaves it empty (currency null), not gone.
 */
export interface Cart {
  id: string;
  conversationId: string;
  /** Set by the first item; null while the cart is empty. */
  currency: string | null;
  items: CartItem[];
  /** Units in the cart (the sum of the quantities). */
  itemCount: number;
  total: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ImportRowError {
  /** As a spreadsheet numbers it: the header is row 1. */
  row: number;
  message: string;
}

export interface ImportResult {
  created: number;
  updated: number;
  errors: ImportRowError[];
}
