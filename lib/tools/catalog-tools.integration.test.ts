import { generateText, stepCountIs, type ToolExecutionOptions } from "ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newConversation, webInbox } from "@/test/db/chat-kit";
import { asService, openDb, type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import { createOfflineModel } from "../ai/offline-model";
import { createProduct, type Product } from "../catalog";
import { closeDb, type Database } from "../db/client";
import { buildTools, type ToolContext } from ".";
import {
  createCartToolInput,
  getCartToolInput,
  getProductToolInput,
  listProductsToolInput,
  updateCartItemToolInput,
} from "./catalog-tools";

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;
let convA: string;
let convA2: string;
let shirt: Product;
let mug: Product;

const opts: ToolExecutionOptions = { toolCallId: "call_1", messages: [] };
const schemas = {
  list_products: listProductsToolInput,
  get_product: getProductToolInput,
  create_cart: createCartToolInput,
  get_cart: getCartToolInput,
  update_cart_item: updateCartItemToolInput,
} as const;

/** Runs a tool the way the AI SDK does: input validated by its schema, then executed. */
async function runTool(ctx: ToolContext, name: keyof typeof schemas, input: unknown) {
  const t = buildTools([name], ctx)[name];
  if (!t?.execute) throw new Error(`no tool ${name}`);
  return t.execute(schemas[name].parse(input) as never, opts);
}

beforeAll(async () => {
  db = openDb();
  [a, b] = await Promise.all([seedWorkspace(db, "cat-tools-a"), seedWorkspace(db, "cat-tools-b")]);
  const inbox = await webInbox(db, a.users.owner, a.id);
  convA = await newConversation(db, a.users.member, a.id, inbox);
  convA2 = await newConversation(db, a.users.member, a.id, inbox);
  const scope = { claims: a.users.member.claims, workspaceId: a.id };
  shirt = await createProduct(scope, {
    sku: "SHIRT-1",
    name: "Shirt",
    description: "x".repeat(400),
    price: 20,
    stock: 3,
  });
  mug = await createProduct(scope, { sku: "MUG-1", name: "Mug", price: 5.5, stock: 1 });
});

afterAll(async () => {
  await db.destroy();
  await closeDb();
});

const ctxA = (conversationId = convA): ToolContext => ({
  claims: a.users.member.claims,
  workspaceId: a.id,
  conversationId,
});

describe("catalog tools", () => {
  it("list and get products, compactly", async () => {
    const listed = (await runTool(ctxA(), "list_products", { search: "shirt" })) as {
      products: { sku: string; description: string }[];
    };
    expect(listed.products.map((p) => p.sku)).toEqual(["SHIRT-1"]);
    expect(listed.products[0]?.description).toHaveLength(281);
    expect(await runTool(ctxA(), "get_product", { product_id: mug.id })).toEqual({
      id: mug.id,
      sku: "MUG-1",
      name: "Mug",
      description: "",
      price: 5.5,
      currency: "USD",
      stock: 1,
      active: true,
    });
  });

  it("work on the current conversation's cart only; refusals are results the model can read", async () => {
    expect(await runTool(ctxA(), "get_cart", {})).toEqual({
      currency: null,
      items: [],
      itemCount: 0,
      total: 0,
    });
    expect(await runTool(ctxA(), "create_cart", { product_id: shirt.id, quantity: 2 })).toMatchObject({
      currency: "USD",
      itemCount: 2,
      total: 40,
    });
    expect(await runTool(ctxA(), "create_cart", { product_id: mug.id, quantity: 2 })).toEqual({
      error: expect.stringContaining("Not enough stock"),
      code: "out_of_stock",
      available: 1,
    });
    expect(await runTool(ctxA(), "update_cart_item", { product_id: shirt.id, quantity: 0 })).toMatchObject({
      items: [],
      total: 0,
    });
    // Another conversation's cart is separate; the model has no way to name a conversation.
    expect(await runTool(ctxA(convA2), "get_cart", {})).toMatchObject({ items: [] });
    expect(() =>
      createCartToolInput.parse({ conversation_id: convA2, product_id: mug.id, quantity: 1 }),
    ).not.toThrow();
    expect(
      createCartToolInput.parse({ conversation_id: convA2, product_id: mug.id, quantity: 1 }),
    ).not.toHaveProperty("conversation_id");
  });

  it("a context pointing at another workspace reaches nothing", async () => {
    const foreign: ToolContext = { claims: b.users.owner.claims, workspaceId: a.id, conversationId: convA };
    expect(await runTool(foreign, "list_products", {})).toEqual({ products: [], nextCursor: null });
    expect(await runTool(foreign, "get_product", { product_id: mug.id })).toMatchObject({
      error: "Product not found.",
    });
    expect(await runTool(foreign, "create_cart", { product_id: mug.id, quantity: 1 })).toMatchObject({
      code: "conversation_not_found",
    });
    const stock = await asService(db, (tx) =>
      tx.selectFrom("products").select("stock").where("id", "=", mug.id).executeTakeFirstOrThrow(),
    );
    expect(stock.stock).toBe(1);
  });

  it("run through the AI SDK with the offline model", async () => {
    const result = await generateText({
      model: createOfflineModel({ chunkDelayMs: 0 }),
      prompt: `call create_cart {"product_id": "${mug.id}", "quantity": 1}`,
      tools: buildTools(["create_cart", "get_cart"], ctxA(convA2)),
      stopWhen: stepCountIs(2),
    });
    expect(result.steps[0]?.toolResults[0]?.output).toMatchObject({ itemCount: 1, total: 5.5 });
  });
});
