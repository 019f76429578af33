import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newConversation, webInbox } from "@/test/db/chat-kit";
import { asService, openDb, type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import { closeDb, type Database } from "../db/client";
import { isAppError } from "../errors";
import { createCart, createProduct, getCart } from ".";

// Real parallel transactions on the app's pool. A service transaction holds
// the product's row lock while the racers start, so every racer is inside its
// own transaction and blocked on the same row before any of them can commit:
// the overlap is forced, not left to timing.

let db: Database;
let ws: SeedWorkspace;
let inbox: string;

beforeAll(async () => {
  db = openDb();
  ws = await seedWorkspace(db, "cart-race");
  inbox = await webInbox(db, ws.users.owner, ws.id);
});

afterAll(async () => {
  await db.destroy();
  await closeDb();
});

const scope = () => ({ claims: ws.users.member.claims, workspaceId: ws.id });
const newProduct = (stock: number) =>
  createProduct(scope(), { sku: `RACE-${randomUUID().slice(0, 8)}`, name: "Last one", price: 3, stock });

/** Runs the racers while the product row is locked, waits until they all queue on it, then lets go. */
async function raceOn<T>(productId: string, racers: (() => Promise<T>)[]) {
  return asService(db, async (tx) => {
    await tx.selectFrom("products").select("id").where("id", "=", productId).forUpdate().execute();
    const running = racers.map((run) =>
      run().then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    );
    // Read as the connecting user, not service_role: other sessions' wait events are hidden from it.
    let queued = 0;
    for (let i = 0; i < 500 && queued < racers.length; i++) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
        where wait_event_type = 'Lock' and datname = current_database()
          and query like '%cart_add_item(%'`.execute(db);
      queued = rows[0]?.n ?? 0;
      if (queued < racers.length) await new Promise((r) => setTimeout(r, 10));
    }
    if (queued < racers.length)
      throw new Error(`only ${queued} of ${racers.length} racers queued on the lock`);
    return running;
  }).then((running) => Promise.all(running));
}

const stockOf = (id: string) =>
  asService(db, (tx) =>
    tx.selectFrom("products").select("stock").where("id", "=", id).executeTakeFirstOrThrow(),
  ).then((r) => r.stock);

describe("carts racing for stock", () => {
  it("two carts racing for the last unit: exactly one gets it", async () => {
    const p = await newProduct(1);
    const convs = await Promise.all(
      [1, 2].map(() => newConversation(db, ws.users.member, ws.id, inbox, null)),
    );
    const results = await raceOn(
      p.id,
      convs.map((c) => () => createCart(scope(), { conversation_id: c, product_id: p.id, quantity: 1 })),
    );
    const won = results.filter((r) => r.ok);
    const lost = results.flatMap((r) => (r.ok ? [] : [r.error]));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(isAppError(lost[0]) && { code: lost[0].code, details: lost[0].details }).toEqual({
      code: "conflict",
      details: { code: "out_of_stock", available: 0 },
    });
    expect(await stockOf(p.id)).toBe(0);
  });

  it("eight carts racing for three units: exactly three get one each, none oversold", async () => {
    const p = await newProduct(3);
    const convs = await Promise.all(
      Array.from({ length: 8 }, () => newConversation(db, ws.users.member, ws.id, inbox, null)),
    );
    const results = await raceOn(
      p.id,
      convs.map((c) => () => createCart(scope(), { conversation_id: c, product_id: p.id, quantity: 1 })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(await stockOf(p.id)).toBe(0);
    const reserved = await asService(db, (tx) =>
      tx
        .selectFrom("cart_items")
        .select((eb) => eb.fn.sum<string>("quantity").as("n"))
        .where("product_id", "=", p.id)
        .executeTakeFirstOrThrow(),
    );
    expect(Number(reserved.n)).toBe(3);
  });

  it("parallel adds to one new cart create it once and merge every unit", async () => {
    const p = await newProduct(10);
    const conv = await newConversation(db, ws.users.member, ws.id, inbox, null);
    const results = await raceOn(
      p.id,
      Array.from(
        { length: 5 },
        () => () => createCart(scope(), { conversation_id: conv, product_id: p.id, quantity: 2 }),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const cart = await getCart(scope(), { conversation_id: conv });
    expect(cart.items).toEqual([expect.objectContaining({ productId: p.id, quantity: 10 })]);
    expect(new Set(results.map((r) => (r.ok ? r.value.id : null)))).toEqual(new Set([cart.id]));
    expect(await stockOf(p.id)).toBe(0);
  });
});
