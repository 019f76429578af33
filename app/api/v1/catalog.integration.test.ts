import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "@/lib/agents";
import { createProduct } from "@/lib/catalog";
import { startConversation } from "@/lib/conversations";
import { closeDb } from "@/lib/db/client";
import { seedRouteWorkspace, type TestWorkspace } from "@/test/http/web-api-kit";
import { callV1, makeKey } from "../../../test/http/v1-api-kit";
import { PATCH as patchItem } from "./carts/[conversationId]/items/[productId]/route";
import { GET as getCart } from "./carts/[conversationId]/route";
import { POST as createCart } from "./carts/route";
import { DELETE as deleteProduct, GET as getProduct, PATCH as patchProduct } from "./products/[id]/route";
import { POST as createProductRoute, GET as listProducts } from "./products/route";

// /api/v1 products and carts: lib/catalog behind a key, confined to its workspace.

let a: TestWorkspace;
let b: TestWorkspace;
let writeKey: string;
let readKey: string;
let aConversation: string;
let bConversation: string;
let bProduct: string;

async function conversationIn(ws: TestWorkspace) {
  const scope = ws.users.member.scope(ws.id);
  const agent = await createAgent(scope, { name: "Shop bot" });
  return (await startConversation(scope, { agentId: agent.id })).id;
}

beforeAll(async () => {
  [a, b] = await Promise.all([seedRouteWorkspace("v1-cat-a"), seedRouteWorkspace("v1-cat-b")]);
  writeKey = await makeKey(a.users.admin, a.id, ["write", "catalog"]);
  readKey = await makeKey(a.users.admin, a.id, ["read", "catalog"]);
  [aConversation, bConversation] = await Promise.all([conversationIn(a), conversationIn(b)]);
  bProduct = (await createProduct(b.users.member.scope(b.id), { sku: "B-1", name: "B secret", price: 1 })).id;
});

afterAll(closeDb);

describe("products", () => {
  it("creates, lists, reads, updates and deletes", async () => {
    const created = await callV1(createProductRoute, "POST", "/products", {
      key: writeKey,
      body: { sku: "MUG-1", name: "Blue mug", price: 12.5, stock: 10 },
    });
    expect(created.status).toBe(201);
    const id = (created.json.product as { id: string }).id;
    expect(created.json.product).toMatchObject({ currency: "USD", active: true, stock: 10 });

    const listed = await callV1(listProducts, "GET", "/products", { key: readKey, search: "search=blue" });
    expect((listed.json.products as { sku: string }[]).map((p) => p.sku)).toEqual(["MUG-1"]);
    const all = await callV1(listProducts, "GET", "/products", {
      key: readKey,
      search: "includeInactive=true",
    });
    expect(JSON.stringify(all.json)).not.toContain("B secret");

    const patched = await callV1(patchProduct, "PATCH", `/products/${id}`, {
      key: writeKey,
      params: { id },
      body: { price: 9.99 },
    });
    expect((patched.json.product as { price: number }).price).toBe(9.99);
    const got = await callV1(getProduct, "GET", `/products/${id}`, { key: readKey, params: { id } });
    expect(got.status).toBe(200);

    const tmp = await callV1(createProductRoute, "POST", "/products", {
      key: writeKey,
      body: { sku: "TMP-1", name: "Temp", price: 1 },
    });
    const tmpId = (tmp.json.product as { id: string }).id;
    const del = await callV1(deleteProduct, "DELETE", `/products/${tmpId}`, {
      key: writeKey,
      params: { id: tmpId },
    });
    expect([del.status, del.json]).toEqual([200, { ok: true }]);
    expect(
      (await callV1(getProduct, "GET", `/products/${tmpId}`, { key: readKey, params: { id: tmpId } })).status,
    ).toBe(404);
  });

  it("another workspace's product is 404 on every method, and stays as it was", async () => {
    const opts = { key: writeKey, params: { id: bProduct } };
    const statuses = [
      (await callV1(getProduct, "GET", `/products/${bProduct}`, opts)).status,
      (await callV1(patchProduct, "PATCH", `/products/${bProduct}`, { ...opts, body: { name: "pwned" } }))
        .status,
      (await callV1(deleteProduct, "DELETE", `/products/${bProduct}`, opts)).status,
    ];
    expect(statuses).toEqual([404, 404, 404]);
    const { getProduct: read } = await import("@/lib/catalog");
    expect((await read(b.users.member.scope(b.id), bProduct)).name).toBe("B secret");
  });

  it("400 for wrong types, unknown fields and unknown query parameters; 403 for a read key", async () => {
    const bodies = [
      { sku: "X", name: "x", price: "1" },
      { sku: "X", name: "x", price: 1, workspace_id: b.id },
      "{",
    ];
    for (const body of bodies) {
      const res = await callV1(createProductRoute, "POST", "/products", { key: writeKey, body });
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await callV1(listProducts, "GET", "/products", { key: readKey, search: "q=mug" })).status).toBe(
      400,
    );
    const denied = await callV1(createProductRoute, "POST", "/products", {
      key: readKey,
      body: { sku: "R-1", name: "r", price: 1 },
    });
    expect([denied.status, denied.code]).toEqual([403, "forbidden"]);
  });
});

describe("carts", () => {
  it("adds to a cart, reads it, changes and removes a line", async () => {
    const product = await callV1(createProductRoute, "POST", "/products", {
      key: writeKey,
      body: { sku: "TEA-1", name: "Tea", price: 3, stock: 5 },
    });
    const productId = (product.json.product as { id: string }).id;

    const none = await callV1(getCart, "GET", `/carts/${aConversation}`, {
      key: readKey,
      params: { conversationId: aConversation },
    });
    expect([none.status, none.json.error]).toEqual([
      404,
      expect.objectContaining({ details: { code: "cart_not_found" } }),
    ]);

    const added = await callV1(createCart, "POST", "/carts", {
      key: writeKey,
      body: { conversation_id: aConversation, product_id: productId, quantity: 2 },
    });
    expect(added.status).toBe(201);
    expect(added.json.cart).toMatchObject({ itemCount: 2, total: 6, currency: "USD" });

    const tooMany = await callV1(createCart, "POST", "/carts", {
      key: writeKey,
      body: { conversation_id: aConversation, product_id: productId, quantity: 4 },
    });
    expect([tooMany.status, tooMany.json.error]).toEqual([
      409,
      expect.objectContaining({ details: expect.objectContaining({ code: "out_of_stock" }) }),
    ]);

    const params = { conversationId: aConversation, productId };
    const path = `/carts/${aConversation}/items/${productId}`;
    const changed = await callV1(patchItem, "PATCH", path, { key: writeKey, params, body: { quantity: 5 } });
    expect(changed.json.cart).toMatchObject({ itemCount: 5, total: 15 });
    const removed = await callV1(patchItem, "PATCH", path, { key: writeKey, params, body: { quantity: 0 } });
    expect(removed.json.cart).toMatchObject({ itemCount: 0, items: [] });
    const read = await callV1(getCart, "GET", `/carts/${aConversation}`, {
      key: readKey,
      params: { conversationId: aConversation },
    });
    expect(read.status).toBe(200);

    const unknownField = await callV1(patchItem, "PATCH", path, {
      key: writeKey,
      params,
      body: { quantity: 1, price: 0 },
    });
    expect(unknownField.status).toBe(400);
  });

  it("another workspace's conversation or product is 404", async () => {
    const mine = await createProduct(a.users.member.scope(a.id), {
      sku: "MINE-1",
      name: "Mine",
      price: 2,
      stock: 3,
    });
    const cases = [
      await callV1(getCart, "GET", `/carts/${bConversation}`, {
        key: writeKey,
        params: { conversationId: bConversation },
      }),
      await callV1(createCart, "POST", "/carts", {
        key: writeKey,
        body: { conversation_id: bConversation, product_id: mine.id, quantity: 1 },
      }),
      await callV1(createCart, "POST", "/carts", {
        key: writeKey,
        body: { conversation_id: aConversation, product_id: bProduct, quantity: 1 },
      }),
      await callV1(patchItem, "PATCH", `/carts/${aConversation}/items/${randomUUID()}`, {
        key: writeKey,
        params: { conversationId: aConversation, productId: randomUUID() },
        body: { quantity: 1 },
      }),
    ];
    expect(cases.map((c) => c.status)).toEqual([404, 404, 404, 404]);
  });
});
