import { z } from "zod";
import { createCart, getCart, getProduct, listProducts, updateCartItem } from "../../catalog";
import { serializeCart, serializeProduct } from "../../catalog/contract";
import { AppError } from "../../errors";
import { defineNode } from "./define-node";
import { flowActor, toJson, untilAborted } from "./node-actor";

export const CATALOG_OPERATIONS = [
  "list_products",
  "get_product",
  "create_cart",
  "get_cart",
  "update_cart_item",
] as const;

// What each operation needs besides itself; checked at run time too, once expressions are resolved.
const NEEDS: Record<(typeof CATALOG_OPERATIONS)[number], ("productId" | "conversationId" | "quantity")[]> = {
  list_products: [],
  get_product: ["productId"],
  create_cart: ["conversationId", "productId", "quantity"],
  get_cart: ["conversationId"],
  update_cart_item: ["conversationId", "productId", "quantity"],
};

const catalogConfig = z
  .object({
    operation: z
      .enum(CATALOG_OPERATIONS)
      .describe(
        "What to do: list or get products, or add to (create_cart), read (get_cart) or change (update_cart_item) a conversation's cart.",
      ),
    search: z
      .string()
      .max(200)
      .optional()
      .describe("list_products: words to look for in the SKU, name or description; empty lists everything."),
    limit: z.int().min(1).max(100).optional().describe("list_products: products per page (default 20)."),
    cursor: z.string().max(200).optional().describe("list_products: nextCursor from the previous page."),
    productId: z
      .string()
      .max(100)
      .optional()
      .describe("get_product, create_cart, update_cart_item: the product's id (an expression is fine).")
      .meta({ widget: "expression" }),
    conversationId: z
      .string()
      .max(100)
      .optional()
      .describe("Cart operations: the conversation whose cart this is (an expression is fine).")
      .meta({ widget: "expression" }),
    quantity: z
      .int()
      .min(0)
      .max(1000)
      .optional()
      .describe(
        "create_cart: units to add (1–1000); update_cart_item: the new quantity, 0 removes the item.",
      ),
  })
  .superRefine((c, issues) => {
    for (const field of NEEDS[c.operation]) {
      if (c[field] === undefined || c[field] === "") {
        issues.addIssue({ code: "custom", path: [field], message: `${c.operation} needs ${field}.` });
      }
    }
    if (c.operation === "create_cart" && c.quantity === 0) {
      issues.addIssue({ code: "custom", path: ["quantity"], message: "Add at least 1 unit." });
    }
  });

/**
 * The five product/cart operations of the Laburen tools (lib/tools/catalog-tools.ts),
 * through the same lib/catalog functions, as the flow's actor (RLS). Unlike the
 * agent tools a flow names the conversation whose cart it works on. update_cart_item
 * sets a quantity (safe to repeat); create_cart adds to it, as the tool does.
 */
export const catalogNode = defineNode({
  type: "catalog",
  label: "Catalog",
  category: "action",
  description: "List or get products, or add to, read or change a conversation's cart.",
  config: catalogConfig,
  inputs: ["in"],
  outputs: () => ["out"],
  sideEffects: true,
  defaultTimeoutMs: 30_000,
  async run(ctx, config) {
    const actor = await flowActor(ctx);
    const scope = { claims: actor.claims, workspaceId: ctx.workspaceId };
    const str = (v: string | undefined) => v ?? "";
    const quantity = config.quantity ?? 0;
    const work = async () => {
      switch (config.operation) {
        case "list_products": {
          const page = await listProducts(scope, {
            search: config.search || undefined,
            limit: config.limit ?? 20,
            cursor: config.cursor || undefined,
          });
          return { products: page.products.map(serializeProduct), nextCursor: page.nextCursor };
        }
        case "get_product":
          return serializeProduct(await getProduct(scope, str(config.productId)));
        case "create_cart":
          return serializeCart(
            await createCart(scope, {
              conversation_id: str(config.conversationId),
              product_id: str(config.productId),
              quantity,
            }),
          );
        case "get_cart":
          return serializeCart(await getCart(scope, { conversation_id: str(config.conversationId) }));
        case "update_cart_item":
          return serializeCart(
            await updateCartItem(scope, {
              conversation_id: str(config.conversationId),
              product_id: str(config.productId),
              quantity,
            }),
          );
      }
    };
    // A malformed id names nothing: answered like an unknown one, as lib/catalog does for products.
    for (const [field, what] of [
      ["productId", "Product"],
      ["conversationId", "Conversation"],
    ] as const) {
      const id = config[field];
      if (NEEDS[config.operation].includes(field) && !z.uuid().safeParse(id).success) {
        throw new AppError("not_found", `${what} not found.`);
      }
    }
    return { kind: "done", output: toJson(await untilAborted(ctx.signal, work())) };
  },
});
