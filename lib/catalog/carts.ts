import { sql } from "kysely";
import { runAsUser, type Tx } from "../db/rls";
import { AppError } from "../errors";
import { parseWith } from "../validation";
import type { WorkspaceScope } from "../workspaces";
import { withCatalogErrors } from "./errors";
import { toCart } from "./map";
import {
  type Cart,
  type CreateCartInput,
  createCartInput,
  type GetCartInput,
  getCartInput,
  type UpdateCartItemInput,
  updateCartItemInput,
} from "./schema";

// Stock semantics live in the database (20261122000500_catalog.sql): adding
// to a cart reserves stock under the product's row lock, changing a quantity
// moves the difference, removing an item puts it back. Each operation here is
// one call of a security-invoker function, so RLS decides who may do it.

/** The conversation's cart as seen inside `tx`; undefined when it has none yet. */
async function readCart(tx: Tx, ctx: WorkspaceScope, conversationId: string): Promise<Cart | undefined> {
  const cart = await tx
    .selectFrom("carts")
    .select(["id", "conversation_id", "currency", "created_at", "updated_at"])
    .where("workspace_id", "=", ctx.workspaceId)
    .where("conversation_id", "=", conversationId)
    .executeTakeFirst();
  if (!cart) return undefined;
  const items = await tx
    .selectFrom("cart_items as i")
    .innerJoin("products as p", (j) =>
      j.onRef("p.id", "=", "i.product_id").onRef("p.workspace_id", "=", "i.workspace_id"),
    )
    .select(["i.product_id", "p.sku", "p.name", "i.quantity", "i.unit_price"])
    .where("i.workspace_id", "=", ctx.workspaceId)
    .where("i.cart_id", "=", cart.id)
    .orderBy("i.created_at")
    .orderBy("i.id")
    .execute();
  return toCart(cart, items);
}

/** Written just now in the same transaction, so it is there. */
async function readWrittenCart(tx: Tx, ctx: WorkspaceScope, conversationId: string): Promise<Cart> {
  const cart = await readCart(tx, ctx, conversationId);
  if (!cart) throw new Error(`cart of conversation ${conversationId} vanished inside its transaction`);
  return cart;
}

/**
 * Member or above. Creates the conversation's cart if it has none and adds
 * `quantity` units of the product, merging into its line when it is already
 * there (the line keeps the price it was first added at). Refuses, as
 * AppError("conflict") with `details.code`, when there is not enough stock
 * (`out_of_stock`, with `available`), the product is inactive
 * (`product_inactive`) or priced in another currency than the cart
 * (`currency_mismatch`).
 */
export async function createCart(ctx: WorkspaceScope, input: CreateCartInput): Promise<Cart> {
  const v = parseWith(createCartInput, input);
  return withCatalogErrors(() =>
    runAsUser(ctx.claims, async (tx) => {
      await sql`select public.cart_add_item(${ctx.workspaceId}::uuid, ${v.conversation_id}::uuid,
        ${v.product_id}::uuid, ${v.quantity}::int)`.execute(tx);
      return readWrittenCart(tx, ctx, v.conversation_id);
    }),
  );
}

/**
 * Viewer or above. not_found in two flavours, told apart by `details.code`:
 * `conversation_not_found` (unknown or another workspace's conversation) and
 * `cart_not_found` (nothing was ever added; callers may show an empty cart).
 * A cart whose items were all removed still exists and reads as empty.
 */
export async function getCart(ctx: WorkspaceScope, input: GetCartInput): Promise<Cart> {
  const v = parseWith(getCartInput, input);
  return runAsUser(ctx.claims, async (tx) => {
    const conversation = await tx
      .selectFrom("conversations")
      .select("id")
      .where("workspace_id", "=", ctx.workspaceId)
      .where("id", "=", v.conversation_id)
      .executeTakeFirst();
    if (!conversation) {
      throw new AppError("not_found", "Conversation not found.", {
        details: { code: "conversation_not_found" },
      });
    }
    const cart = await readCart(tx, ctx, v.conversation_id);
    if (!cart) {
      throw new AppError("not_found", "This conversation has no cart yet; add a product first.", {
        details: { code: "cart_not_found" },
      });
    }
    return cart;
  });
}

/**
 * Member or above. Sets the quantity of a product already in the cart; 0
 * removes the line and puts its units back in stock. Raising the quantity
 * reserves the difference (out_of_stock as in createCart). A product not in
 * the cart, or a conversation without a cart, is not_found.
 */
export async function updateCartItem(ctx: WorkspaceScope, input: UpdateCartItemInput): Promise<Cart> {
  const v = parseWith(updateCartItemInput, input);
  return withCatalogErrors(() =>
    runAsUser(ctx.claims, async (tx) => {
      await sql`select public.cart_set_item_quantity(${ctx.workspaceId}::uuid, ${v.conversation_id}::uuid,
        ${v.product_id}::uuid, ${v.quantity}::int)`.execute(tx);
      return readWrittenCart(tx, ctx, v.conversation_id);
    }),
  );
}
