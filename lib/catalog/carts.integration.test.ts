import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newConversation, webInbox } from "@/test/db/chat-kit";
import {
  asService,
  asUser,
  openDb,
  pgCode,
  type SeedWorkspace,
  seedWorkspace,
} from "@/test/db/workspace-kit";
import { closeDb, type Database } from "../db/client";
import { isAppError } from "../errors";
import type { WorkspaceScope } from "../workspaces";
import {
  createCart,
  createProduct,
  deleteProduct,
  getCart,
  type ProductInput,
  updateCartItem,
  updateProduct,
} from ".";

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;
let inboxA: string;
let seq = 0;

const as = (ws: SeedWorkspace, role: keyof SeedWorkspace["users"]): WorkspaceScope => ({
  claims: ws.users[role].claims,
  workspaceId: ws.id,
});
const member = () => as(a, "member");

const product = (input: Partial<ProductInput> = {}, scope = member()) =>
  createProduct(scope, { sku: `P-${++seq}-${randomUUID().slice(0, 6)}`, name: "Thing", price: 1, ...input });
const conversation = () => newConversation(db, a.users.member, a.id, inboxA, null);
const stockOf = (id: string) =>
  asService(db, (tx) =>
    tx.selectFrom("products").select("stock").where("id", "=", id).executeTakeFirstOrThrow(),
  ).then((r) => r.stock);

async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (e) {
    if (isAppError(e)) return { code: e.code, details: e.details, message: e.message };
    throw e;
  }
  throw new Error("expected a refusal");
}

beforeAll(async () => {
  db = openDb();
  [a, b] = await Promise.all([seedWorkspace(db, "carts-a"), seedWorkspace(db, "carts-b")]);
  inboxA = await webInbox(db, a.users.owner, a.id);
});

afterAll(async () => {
  await db.destroy();
  await closeDb();
});

describe("stock semantics", () => {
  it("adding reserves stock, merges into the line at its first price, and totals in cents", async () => {
    const dime = await product({ price: 0.1, stock: 10 });
    const conv = await conversation();
    const first = await createCart(member(), { conversation_id: conv, product_id: dime.id, quantity: 2 });
    expect(first).toMatchObject({ conversationId: conv, currency: "USD", itemCount: 2, total: 0.2 });
    expect(await stockOf(dime.id)).toBe(8);
    // A later price change does not reprice the line.
    await asService(db, (tx) =>
      tx.updateTable("products").set({ price: "5" }).where("id", "=", dime.id).execute(),
    );
    const merged = await createCart(member(), { conversation_id: conv, product_id: dime.id, quantity: 1 });
    expect(merged.id).toBe(first.id);
    expect(merged.items).toEqual([
      { productId: dime.id, sku: dime.sku, name: "Thing", quantity: 3, unitPrice: 0.1, lineTotal: 0.3 },
    ]);
    expect(merged.total).toBe(0.3);
    expect(await stockOf(dime.id)).toBe(7);
    expect(await getCart(as(a, "viewer"), { conversation_id: conv })).toEqual(merged);
  });

  it("update_cart_item moves the difference; 0 removes the line, restocks and clears the currency", async () => {
    const p = await product({ price: 2.5, stock: 5, currency: "EUR" });
    const conv = await conversation();
    await createCart(member(), { conversation_id: conv, product_id: p.id, quantity: 2 });
    expect(
      await updateCartItem(member(), { conversation_id: conv, product_id: p.id, quantity: 5 }),
    ).toMatchObject({
      itemCount: 5,
      total: 12.5,
      currency: "EUR",
    });
    expect(await stockOf(p.id)).toBe(0);
    await updateCartItem(member(), { conversation_id: conv, product_id: p.id, quantity: 1 });
    expect(await stockOf(p.id)).toBe(4);
    const emptied = await updateCartItem(member(), { conversation_id: conv, product_id: p.id, quantity: 0 });
    expect(emptied).toMatchObject({ items: [], itemCount: 0, total: 0, currency: null });
    expect(await stockOf(p.id)).toBe(5);
    // The cart stays; it can now take another currency.
    const usd = await product({ stock: 1 });
    expect(
      await createCart(member(), { conversation_id: conv, product_id: usd.id, quantity: 1 }),
    ).toMatchObject({
      id: emptied.id,
      currency: "USD",
    });
  });

  it("out of stock is a conflict with the units available, and changes nothing", async () => {
    const p = await product({ stock: 2 });
    const conv = await conversation();
    expect(
      await refusal(() => createCart(member(), { conversation_id: conv, product_id: p.id, quantity: 3 })),
    ).toMatchObject({
      code: "conflict",
      details: { code: "out_of_stock", available: 2 },
    });
    await createCart(member(), { conversation_id: conv, product_id: p.id, quantity: 1 });
    expect(
      await refusal(() => updateCartItem(member(), { conversation_id: conv, product_id: p.id, quantity: 3 })),
    ).toMatchObject({
      code: "conflict",
      details: { code: "out_of_stock", available: 1 },
    });
    expect(await stockOf(p.id)).toBe(1);
    expect((await getCart(member(), { conversation_id: conv })).itemCount).toBe(1);
  });

  it("refuses inactive products, mixed currencies and a product in a cart being deleted", async () => {
    const conv = await conversation();
    const off = await product({ active: false, stock: 9 });
    expect(
      await refusal(() => createCart(member(), { conversation_id: conv, product_id: off.id, quantity: 1 })),
    ).toMatchObject({
      code: "conflict",
      details: { code: "product_inactive" },
    });
    const usd = await product({ stock: 9 });
    const eur = await product({ stock: 9, currency: "EUR" });
    await createCart(member(), { conversation_id: conv, product_id: usd.id, quantity: 1 });
    expect(
      await refusal(() => createCart(member(), { conversation_id: conv, product_id: eur.id, quantity: 1 })),
    ).toMatchObject({
      code: "conflict",
      details: { code: "currency_mismatch", cartCurrency: "USD", productCurrency: "EUR" },
    });
    expect(await stockOf(eur.id)).toBe(9);
    // Deactivated while in the cart: no more of it, but the line can shrink.
    await updateCartItem(member(), { conversation_id: conv, product_id: usd.id, quantity: 3 });
    await updateProduct(member(), usd.id, { active: false });
    expect(
      await refusal(() => createCart(member(), { conversation_id: conv, product_id: usd.id, quantity: 1 })),
    ).toMatchObject({
      details: { code: "product_inactive" },
    });
    expect(
      await refusal(() =>
        updateCartItem(member(), { conversation_id: conv, product_id: usd.id, quantity: 4 }),
      ),
    ).toMatchObject({
      details: { code: "product_inactive" },
    });
    expect(
      await updateCartItem(member(), { conversation_id: conv, product_id: usd.id, quantity: 2 }),
    ).toMatchObject({
      itemCount: 2,
    });
    expect(await stockOf(usd.id)).toBe(7);
    expect(await refusal(() => deleteProduct(member(), usd.id))).toMatchObject({
      code: "conflict",
      details: { code: "product_in_cart" },
    });
  });

  it("deleting the conversation puts its cart's units back on the shelf", async () => {
    const p = await product({ stock: 4 });
    const conv = await conversation();
    await createCart(member(), { conversation_id: conv, product_id: p.id, quantity: 3 });
    await asUser(db, a.users.admin, (tx) => tx.deleteFrom("conversations").where("id", "=", conv).execute());
    expect(await stockOf(p.id)).toBe(4);
  });
});

describe("not found, validation and roles", () => {
  it("tells an unknown conversation from one with no cart or a missing line", async () => {
    const conv = await conversation();
    const p = await product({ stock: 3 });
    const unknown = randomUUID();
    expect(await refusal(() => getCart(member(), { conversation_id: conv }))).toMatchObject({
      code: "not_found",
      details: { code: "cart_not_found" },
    });
    expect(await refusal(() => getCart(member(), { conversation_id: unknown }))).toMatchObject({
      details: { code: "conversation_not_found" },
    });
    expect(
      await refusal(() => createCart(member(), { conversation_id: unknown, product_id: p.id, quantity: 1 })),
    ).toMatchObject({
      details: { code: "conversation_not_found" },
    });
    expect(
      await refusal(() => updateCartItem(member(), { conversation_id: conv, product_id: p.id, quantity: 1 })),
    ).toMatchObject({
      details: { code: "cart_not_found" },
    });
    expect(
      await refusal(() => createCart(member(), { conversation_id: conv, product_id: unknown, quantity: 1 })),
    ).toMatchObject({
      details: { code: "product_not_found" },
    });
    await createCart(member(), { conversation_id: conv, product_id: p.id, quantity: 1 });
    const other = await product({ stock: 3 });
    expect(
      await refusal(() =>
        updateCartItem(member(), { conversation_id: conv, product_id: other.id, quantity: 0 }),
      ),
    ).toMatchObject({
      details: { code: "cart_item_not_found" },
    });
  });

  it("refuses malformed input with validation_failed", async () => {
    const conv = await conversation();
    const p = await product({ stock: 3 });
    const bad: unknown[] = [
      { conversation_id: conv, product_id: p.id, quantity: 0 },
      { conversation_id: conv, product_id: p.id, quantity: 1001 },
      { conversation_id: conv, product_id: p.id, quantity: 1.5 },
      { conversation_id: "nope", product_id: p.id, quantity: 1 },
      { conversation_id: conv, product_id: p.id },
    ];
    for (const input of bad) {
      expect(await refusal(() => createCart(member(), input as never))).toMatchObject({
        code: "validation_failed",
      });
    }
    expect(
      await refusal(() =>
        updateCartItem(member(), { conversation_id: conv, product_id: p.id, quantity: -1 }),
      ),
    ).toMatchObject({
      code: "validation_failed",
    });
    expect(await stockOf(p.id)).toBe(3);
  });

  it("viewers read carts but cannot change them; other workspaces see nothing", async () => {
    const conv = await conversation();
    const p = await product({ stock: 5 });
    await createCart(member(), { conversation_id: conv, product_id: p.id, quantity: 1 });
    const viewer = as(a, "viewer");
    expect(
      await refusal(() => createCart(viewer, { conversation_id: conv, product_id: p.id, quantity: 1 })),
    ).toMatchObject({
      code: "forbidden",
    });
    expect(
      await refusal(() => updateCartItem(viewer, { conversation_id: conv, product_id: p.id, quantity: 0 })),
    ).toMatchObject({
      code: "forbidden",
    });
    for (const scope of [as(b, "owner"), { ...as(b, "owner"), workspaceId: a.id }]) {
      expect(await refusal(() => getCart(scope, { conversation_id: conv }))).toMatchObject({
        code: "not_found",
      });
      expect(
        await refusal(() => createCart(scope, { conversation_id: conv, product_id: p.id, quantity: 1 })),
      ).toMatchObject({
        code: "not_found",
      });
      expect(
        await refusal(() => updateCartItem(scope, { conversation_id: conv, product_id: p.id, quantity: 0 })),
      ).toMatchObject({
        code: "not_found",
      });
    }
    // B's member cannot put A's product into B's own conversation's cart either.
    const convB = await newConversation(
      db,
      b.users.member,
      b.id,
      await webInbox(db, b.users.owner, b.id),
      null,
    );
    expect(
      await refusal(() =>
        createCart(as(b, "member"), { conversation_id: convB, product_id: p.id, quantity: 1 }),
      ),
    ).toMatchObject({
      details: { code: "product_not_found" },
    });
    expect(await stockOf(p.id)).toBe(4);
  });

  it("a direct write cannot choose its own price: the trigger sets it and reserves the stock", async () => {
    const conv = await conversation();
    const p = await product({ price: 7, stock: 2 });
    const cart = await createCart(member(), { conversation_id: conv, product_id: p.id, quantity: 1 });
    const forged = await asUser(db, a.users.member, (tx) =>
      sql`insert into public.cart_items (workspace_id, cart_id, product_id, quantity, unit_price)
          values (${a.id}::uuid, ${cart.id}::uuid, ${p.id}::uuid, 1, 0)`.execute(tx),
    ).catch((e: unknown) => pgCode(e));
    expect(forged).toBe("42501");
    await asUser(db, a.users.member, (tx) =>
      tx.updateTable("cart_items").set({ quantity: 2 }).where("cart_id", "=", cart.id).execute(),
    );
    expect(await getCart(member(), { conversation_id: conv })).toMatchObject({ total: 14, itemCount: 2 });
    expect(await stockOf(p.id)).toBe(0);
  });
});
