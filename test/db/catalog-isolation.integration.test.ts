import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import type { Tx } from "@/lib/db/rls";
import {
  attemptCatalog,
  CATALOG_TABLE_CASES,
  type CatalogWorkspace,
  catalogSnapshot,
  catalogStatement,
  expectedAcross,
  expectedWithin,
  seedCatalog,
} from "./catalog-matrix-cases";
import { OPERATIONS } from "./matrix-cases";
import { asService, asUser, failure, openDb, ROLES, type SeedUser, seedWorkspace } from "./workspace-kit";

// The isolation matrix for products, carts and cart_items, in the style of
// chat-isolation: every role of A tries every operation on every table against
// B's rows (B snapshotted through the service path around each try), then the
// same inside A, where the role rules apply (each try rolled back).

let db: Database;
let a: CatalogWorkspace;
let b: CatalogWorkspace;
const leaks: string[] = [];
let casesRun = 0;

class Rollback extends Error {
  constructor(readonly result: { rows: unknown[]; numAffectedRows?: bigint }) {
    super("rollback");
  }
}

/** One statement as `user` in a transaction that is always rolled back: the seed stays intact. */
function attemptRolledBack(
  user: SeedUser,
  run: (tx: Tx) => Promise<{ rows: unknown[]; numAffectedRows?: bigint }>,
) {
  return attemptCatalog(async () => {
    try {
      await asUser(db, user, async (tx) => {
        throw new Rollback(await run(tx));
      });
    } catch (e) {
      if (e instanceof Rollback) return e.result;
      throw e;
    }
    throw new Error("unreachable: the transaction always throws");
  });
}

beforeAll(async () => {
  db = openDb();
  const [wa, wb] = await Promise.all([
    seedWorkspace(db, "catalog-iso-a"),
    seedWorkspace(db, "catalog-iso-b"),
  ]);
  [a, b] = await Promise.all([seedCatalog(db, wa), seedCatalog(db, wb)]);
});

afterAll(async () => {
  await db?.destroy();
});

describe("seed", () => {
  it("B holds rows in every table the matrix attacks, with 2 of 5 units reserved", async () => {
    const counts = await asService(db, async (tx) =>
      Object.fromEntries(
        await Promise.all(
          CATALOG_TABLE_CASES.map(async (c) => [c.table, (await catalogSnapshot(tx, c, b)).length]),
        ),
      ),
    );
    expect(counts).toEqual({ products: 2, carts: 1, cart_items: 1 });
    const stock = await asService(db, (tx) =>
      tx
        .selectFrom("products")
        .select("stock")
        .where("id", "=", b.catalog.productId)
        .executeTakeFirstOrThrow(),
    );
    expect(stock.stock).toBe(3);
  });
});

describe.each(ROLES)("the %s of workspace A against workspace B", (role) => {
  describe.each(CATALOG_TABLE_CASES)("$table", (c) => {
    it.each(OPERATIONS)("%s is refused", async (op) => {
      const actor = a.users[role];
      // Products are snapshotted too: a cart write that leaked would show as a stock change.
      const snap = (tx: Tx) => Promise.all(CATALOG_TABLE_CASES.map((t) => catalogSnapshot(tx, t, b)));
      const before = await asService(db, snap);
      const outcome = await attemptCatalog(() =>
        asUser(db, actor, (tx) => catalogStatement(c, op, b, actor).execute(tx)),
      );
      const after = await asService(db, snap);
      casesRun += 1;
      const touched = outcome.kind === "rows" && outcome.count > 0;
      if (touched || JSON.stringify(after) !== JSON.stringify(before)) {
        leaks.push(`${role} ${c.table} ${op}: ${JSON.stringify(outcome)}`);
      }
      expect(outcome).toEqual(expectedAcross(op));
      expect(after).toEqual(before);
    });
  });
});

describe("matrix total", () => {
  it("0 cross-workspace reads or writes", () => {
    expect(casesRun).toBe(ROLES.length * CATALOG_TABLE_CASES.length * OPERATIONS.length);
    expect(leaks).toEqual([]);
  });
});

describe.each(ROLES)("the %s of workspace A in its own workspace", (role) => {
  describe.each(CATALOG_TABLE_CASES)("$table", (c) => {
    it.each(OPERATIONS)("%s follows the role rules", async (op) => {
      const actor = a.users[role];
      const before = await asService(db, (tx) => catalogSnapshot(tx, c, a));
      const outcome = await attemptRolledBack(actor, (tx) => catalogStatement(c, op, a, actor).execute(tx));
      expect(outcome).toEqual(expectedWithin(c, op, role, before.length));
      expect(await asService(db, (tx) => catalogSnapshot(tx, c, a))).toEqual(before);
    });
  });
});

describe("workspace-scoped keys", () => {
  it("A's own rows cannot point at B's product or conversation", async () => {
    const member = a.users.member;
    const stockBefore = await asService(db, (tx) =>
      tx.selectFrom("products").select("stock").where("workspace_id", "=", b.id).orderBy("id").execute(),
    );
    const foreignProduct = await failure(() =>
      asUser(db, member, (tx) =>
        sql`insert into public.cart_items (workspace_id, cart_id, product_id, quantity)
            values (${a.id}::uuid, ${a.catalog.cartId}::uuid, ${b.catalog.spareProductId}::uuid, 1)`.execute(
          tx,
        ),
      ),
    );
    expect(foreignProduct).toMatchObject({ code: "P0002", hint: "product_not_found" });
    const foreignConversation = await failure(() =>
      asUser(db, member, (tx) =>
        sql`insert into public.carts (workspace_id, conversation_id)
            values (${a.id}::uuid, ${b.catalog.freeConversationId}::uuid)`.execute(tx),
      ),
    );
    expect(foreignConversation.code).toBe("23503");
    const viaFunction = await failure(() =>
      asUser(db, member, (tx) =>
        sql`select public.cart_add_item(${b.id}::uuid, ${b.catalog.conversationId}::uuid,
            ${b.catalog.productId}::uuid, 1)`.execute(tx),
      ),
    );
    expect(viaFunction).toMatchObject({ code: "P0002", hint: "conversation_not_found" });
    const setViaFunction = await failure(() =>
      asUser(db, member, (tx) =>
        sql`select public.cart_set_item_quantity(${b.id}::uuid, ${b.catalog.conversationId}::uuid,
            ${b.catalog.productId}::uuid, 0)`.execute(tx),
      ),
    );
    expect(setViaFunction).toMatchObject({ code: "P0002", hint: "conversation_not_found" });
    expect(
      await asService(db, (tx) =>
        tx.selectFrom("products").select("stock").where("workspace_id", "=", b.id).orderBy("id").execute(),
      ),
    ).toEqual(stockBefore);
  });
});
