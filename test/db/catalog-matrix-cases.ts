import { type RawBuilder, sql } from "kysely";
import type { Database } from "@/lib/db/client";
import type { Tx } from "@/lib/db/rls";
import { newConversation, webInbox } from "./chat-kit";
import type { Operation } from "./matrix-cases";
import {
  asUser,
  type Outcome,
  pgCode,
  type Role,
  type SeedUser,
  type SeedWorkspace,
  uniq,
} from "./workspace-kit";

// The catalog tables for the isolation matrix (catalog-isolation.integration.test.ts).

export interface CatalogIds {
  /** In the cart (2 of its 5 units reserved). */
  productId: string;
  /** Not in any cart: what an insert into cart_items adds. */
  spareProductId: string;
  conversationId: string;
  /** A conversation without a cart: what an insert into carts targets. */
  freeConversationId: string;
  cartId: string;
}
export type CatalogWorkspace = SeedWorkspace & { catalog: CatalogIds };

/** Seeds the way the app writes: products by a member, the cart through cart_add_item(). */
export async function seedCatalog(db: Database, ws: SeedWorkspace): Promise<CatalogWorkspace> {
  const { member, owner } = ws.users;
  const inbox = await webInbox(db, owner, ws.id);
  const [conversationId, freeConversationId] = [
    await newConversation(db, member, ws.id, inbox),
    await newConversation(db, member, ws.id, inbox),
  ];
  const insertProduct = (sku: string) =>
    asUser(db, member, (tx) =>
      tx
        .insertInto("products")
        .values({
          workspace_id: ws.id,
          sku,
          name: `Product ${sku}`,
          price: "9.99",
          stock: 5,
          created_by: member.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
        .then((r) => r.id),
    );
  const productId = await insertProduct("SEED-1");
  const spareProductId = await insertProduct("SEED-2");
  const { rows } = await asUser(db, member, (tx) =>
    sql<{ id: string }>`select public.cart_add_item(${ws.id}::uuid, ${conversationId}::uuid,
      ${productId}::uuid, 2) as id`.execute(tx),
  );
  const cartId = rows[0]?.id;
  if (!cartId) throw new Error("cart_add_item returned no cart");
  return { ...ws, catalog: { productId, spareProductId, conversationId, freeConversationId, cartId } };
}

type MinRole = Role;

export interface CatalogTableCase {
  table: "products" | "carts" | "cart_items";
  /** `set ...` clause of the UPDATE attempt; only columns `authenticated` may update. */
  set: RawBuilder<unknown>;
  /** A valid new row for workspace `ws`, written by `actor`. */
  insert(ws: CatalogWorkspace, actor: SeedUser): RawBuilder<unknown>;
  writes: Record<Exclude<Operation, "select">, MinRole>;
}

export const CATALOG_TABLE_CASES: CatalogTableCase[] = [
  {
    table: "products",
    set: sql`name = 'pwned', price = 0, stock = 0, active = false`,
    insert: (ws, actor) => sql`insert into public.products (workspace_id, sku, name, price, created_by)
      values (${ws.id}::uuid, ${`FORGED-${uniq()}`}, 'forged', 0, ${actor.id}::uuid)`,
    writes: { insert: "member", update: "member", delete: "member" },
  },
  {
    table: "carts",
    set: sql`updated_at = now() - interval '1 day'`,
    insert: (ws) => sql`insert into public.carts (workspace_id, conversation_id)
      values (${ws.id}::uuid, ${ws.catalog.freeConversationId}::uuid)`,
    writes: { insert: "member", update: "member", delete: "member" },
  },
  {
    table: "cart_items",
    set: sql`quantity = quantity + 1`,
    insert: (ws) => sql`insert into public.cart_items (workspace_id, cart_id, product_id, quantity)
      values (${ws.id}::uuid, ${ws.catalog.cartId}::uuid, ${ws.catalog.spareProductId}::uuid, 1)`,
    writes: { insert: "member", update: "member", delete: "member" },
  },
];

const byWorkspace = (ws: CatalogWorkspace) => sql<boolean>`workspace_id = ${ws.id}::uuid`;

export function catalogStatement(
  c: CatalogTableCase,
  op: Operation,
  ws: CatalogWorkspace,
  actor: SeedUser,
): RawBuilder<unknown> {
  const t = sql.table(`public.${c.table}`);
  switch (op) {
    case "select":
      return sql`select * from ${t} where ${byWorkspace(ws)}`;
    case "insert":
      return c.insert(ws, actor);
    case "update":
      return sql`update ${t} set ${c.set} where ${byWorkspace(ws)}`;
    case "delete":
      return sql`delete from ${t} where ${byWorkspace(ws)}`;
  }
}

/** Every row of `ws` in the table, as the service path sees it: the before/after evidence. */
export async function catalogSnapshot(tx: Tx, c: CatalogTableCase, ws: CatalogWorkspace): Promise<unknown[]> {
  const { rows } = await sql<{ snap: unknown[] }>`
    select coalesce(jsonb_agg(to_jsonb(t) order by t::text), '[]'::jsonb) as snap
    from ${sql.table(`public.${c.table}`)} t where ${byWorkspace(ws)}`.execute(tx);
  return rows[0]?.snap ?? [];
}

export const EMPTY: Outcome = { kind: "rows", count: 0 };
export const DENIED: Outcome = { kind: "denied", code: "42501" };
/** The foreign key from cart_items: a product in a cart is not deleted. */
export const IN_USE: Outcome = { kind: "denied", code: "23503" };

/** Like fixtures' attempt(), but a foreign-key refusal (23503) is an outcome too. */
export async function attemptCatalog(
  run: () => Promise<{ rows: unknown[]; numAffectedRows?: bigint }>,
): Promise<Outcome> {
  try {
    const res = await run();
    return {
      kind: "rows",
      count: res.numAffectedRows !== undefined ? Number(res.numAffectedRows) : res.rows.length,
    };
  } catch (e) {
    const code = pgCode(e);
    if (code === "42501" || code === "23503") return { kind: "denied", code };
    throw e;
  }
}

const RANK: Record<Role, number> = { viewer: 1, member: 2, admin: 3, owner: 4 };

/** An attacker from another workspace: nothing read, nothing written. */
export function expectedAcross(op: Operation): Outcome {
  if (op === "select") return EMPTY;
  if (op === "insert") return DENIED;
  return EMPTY; // invisible to the USING clause: 0 rows, not an error
}

/** What `role` gets on its own workspace's rows (`own` = how many there are). */
export function expectedWithin(c: CatalogTableCase, op: Operation, role: Role, own: number): Outcome {
  if (op === "select") return { kind: "rows", count: own };
  if (RANK[role] < RANK[c.writes[op]]) return op === "insert" ? DENIED : EMPTY;
  if (c.table === "products" && op === "delete") return IN_USE;
  return { kind: "rows", count: op === "insert" ? 1 : own };
}
