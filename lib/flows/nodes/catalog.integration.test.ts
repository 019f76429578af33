import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newConversation, webInbox } from "@/test/db/chat-kit";
import { openDb, type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import { type FlowFixture, nodeContext, runNode, seedFlowRun } from "@/test/flows/flow-node-kit";
import { createProduct, type Product } from "../../catalog";
import { closeDb, type Database } from "../../db/client";
import { catalogNode } from "./catalog";

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;
let fx: FlowFixture;
let convA: string;
let convB: string;
let shirt: Product;
let foreign: Product;

beforeAll(async () => {
  db = openDb();
  [a, b] = await Promise.all([seedWorkspace(db, "node-cat-a"), seedWorkspace(db, "node-cat-b")]);
  convA = await newConversation(db, a.users.member, a.id, await webInbox(db, a.users.owner, a.id));
  convB = await newConversation(db, b.users.member, b.id, await webInbox(db, b.users.owner, b.id));
  shirt = await createProduct(
    { claims: a.users.member.claims, workspaceId: a.id },
    { sku: "SHIRT-1", name: "Blue shirt", price: 20, stock: 3 },
  );
  foreign = await createProduct(
    { claims: b.users.member.claims, workspaceId: b.id },
    { sku: "SHIRT-1", name: "Other shirt", price: 9, stock: 9 },
  );
  fx = await seedFlowRun(db, a.id, a.users.member.id);
});

afterAll(async () => {
  await db.destroy();
  await closeDb();
});

const ctx = () => nodeContext(fx, "catalog");

describe("catalog node", () => {
  it("lists and gets products of its own workspace only", async () => {
    const list = await runNode(catalogNode, ctx(), { operation: "list_products", search: "shirt" });
    expect(list).toMatchObject({
      kind: "done",
      output: { products: [{ id: shirt.id, name: "Blue shirt" }] },
    });
    const one = await runNode(catalogNode, ctx(), { operation: "get_product", productId: shirt.id });
    expect(one).toMatchObject({ kind: "done", output: { id: shirt.id, price: 20, stock: 3 } });
  });

  it("adds to, reads and changes a conversation's cart", async () => {
    const added = await runNode(catalogNode, ctx(), {
      operation: "create_cart",
      conversationId: convA,
      productId: shirt.id,
      quantity: 2,
    });
    expect(added).toMatchObject({ kind: "done", output: { itemCount: 2, total: 40 } });
    const changed = await runNode(catalogNode, ctx(), {
      operation: "update_cart_item",
      conversationId: convA,
      productId: shirt.id,
      quantity: 1,
    });
    expect(changed).toMatchObject({ output: { itemCount: 1, total: 20 } });
    // Setting a quantity is safe to repeat (a retried node): the cart stays the same.
    const again = await runNode(catalogNode, ctx(), {
      operation: "update_cart_item",
      conversationId: convA,
      productId: shirt.id,
      quantity: 1,
    });
    expect(again).toMatchObject({ output: { itemCount: 1, total: 20 } });
    const read = await runNode(catalogNode, ctx(), { operation: "get_cart", conversationId: convA });
    expect(read).toMatchObject({ output: { items: [{ productId: shirt.id, quantity: 1 }] } });
  });

  it("answers not_found for unknown, malformed and other workspaces' ids", async () => {
    const cases = [
      { operation: "get_product", productId: foreign.id },
      { operation: "get_product", productId: "00000000-0000-4000-8000-000000000000" },
      { operation: "get_product", productId: "not-a-uuid" },
      { operation: "get_cart", conversationId: convB },
      { operation: "get_cart", conversationId: "nope" },
      { operation: "create_cart", conversationId: convB, productId: shirt.id, quantity: 1 },
      { operation: "create_cart", conversationId: convA, productId: foreign.id, quantity: 1 },
    ];
    for (const config of cases) {
      await expect(runNode(catalogNode, ctx(), config), JSON.stringify(config)).rejects.toMatchObject({
        name: "AppError",
        code: "not_found",
      });
    }
    // Nothing reached the other workspace's product.
    const stock = await db
      .selectFrom("products")
      .select("stock")
      .where("id", "=", foreign.id)
      .executeTakeFirst();
    expect(stock?.stock).toBe(9);
  });

  it("refuses configs that miss what the operation needs, and stock it does not have", async () => {
    expect(catalogNode.config.safeParse({ operation: "get_cart" }).success).toBe(false);
    expect(
      catalogNode.config.safeParse({
        operation: "create_cart",
        conversationId: convA,
        productId: shirt.id,
        quantity: 0,
      }).success,
    ).toBe(false);
    expect(catalogNode.config.safeParse({ operation: "list_products", limit: 10_000 }).success).toBe(false);
    await expect(
      runNode(catalogNode, ctx(), {
        operation: "create_cart",
        conversationId: convA,
        productId: shirt.id,
        quantity: 50,
      }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("a garbage cursor or a NUL in the search is a client error, not a crash", async () => {
    for (const config of [
      { operation: "list_products", cursor: "garbage" },
      { operation: "list_products", search: "a\u0000b" },
    ]) {
      const err = await runNode(catalogNode, ctx(), config).catch((e: unknown) => e);
      expect(err, JSON.stringify(config)).toMatchObject({ name: "AppError" });
      expect((err as { status: number }).status, JSON.stringify(config)).toBeLessThan(500);
    }
  });

  it("acts as a member: a flow whose creator is now a viewer does nothing", async () => {
    const viewerFlow = await seedFlowRun(db, a.id, a.users.viewer.id);
    await expect(
      runNode(catalogNode, nodeContext(viewerFlow, "catalog"), { operation: "list_products" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    // The flow of another workspace cannot be run as this one's.
    const bFlow = await seedFlowRun(db, b.id, b.users.member.id);
    await expect(
      runNode(catalogNode, nodeContext({ ...bFlow, workspaceId: a.id }, "catalog"), {
        operation: "list_products",
      }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("stops when the run is canceled", async () => {
    const c = new AbortController();
    c.abort();
    await expect(
      runNode(catalogNode, nodeContext(fx, "catalog", { signal: c.signal }), { operation: "list_products" }),
    ).rejects.toMatchObject({ code: "unavailable", message: "The run was canceled." });
  });

  it("describes every config field for the editor", () => {
    const schema = JSON.parse(JSON.stringify(catalogNode.config.toJSONSchema())) as {
      properties: Record<string, { description?: string }>;
    };
    for (const [name, field] of Object.entries(schema.properties))
      expect(field.description, name).toBeTruthy();
  });
});
