import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCart, createProduct } from "@/lib/catalog";
import { closeDb } from "@/lib/db/client";
import { runAsService } from "@/lib/db/rls";
import {
  APP,
  call,
  seedRouteWorkspace,
  type TestUser,
  type TestWorkspace,
} from "../../../../../test/http/web-api-kit";
import { GET as getCart } from "./carts/[conversationId]/route";
import { POST as importCsv } from "./import/route";
import { DELETE, GET as getOne, PATCH } from "./products/[id]/route";
import { GET as list, POST } from "./products/route";

let a: TestWorkspace;
let b: TestWorkspace;

const base = () => `/api/workspaces/${a.slug}/catalog`;
const p = (extra: Record<string, string> = {}) => ({ slug: a.slug, ...extra });

/** An import request as the browser sends it: raw CSV or a multipart form. */
async function upload(user: TestUser | undefined, body: BodyInit, contentType?: string) {
  const headers: Record<string, string> = { origin: APP };
  if (user) headers.cookie = user.cookie;
  if (contentType) headers["content-type"] = contentType;
  const req = new Request(`${APP}${base()}/import`, { method: "POST", headers, body });
  const res = await importCsv(req, { params: Promise.resolve(p()) });
  const text = await res.text();
  const lines = res.headers.get("content-type")?.includes("ndjson")
    ? text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : [];
  return {
    status: res.status,
    lines,
    json: lines.length ? undefined : (JSON.parse(text) as { error: { code: string } }),
  };
}

async function conversationIn(ws: TestWorkspace): Promise<string> {
  return runAsService("test:catalog-routes", async (tx) => {
    const inbox = await tx
      .selectFrom("inboxes")
      .select("id")
      .where("workspace_id", "=", ws.id)
      .where("channel", "=", "web")
      .executeTakeFirstOrThrow();
    const conv = await tx
      .insertInto("conversations")
      .values({ workspace_id: ws.id, inbox_id: inbox.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    return conv.id;
  });
}

beforeAll(async () => {
  [a, b] = await Promise.all([
    seedRouteWorkspace("catalog-routes-a"),
    seedRouteWorkspace("catalog-routes-b"),
  ]);
  await createProduct(b.users.member.scope(b.id), { sku: "B-SECRET", name: "B's product", price: 1 });
});

afterAll(closeDb);

describe("/catalog/products", () => {
  it("a member creates, a viewer lists and reads, a member patches and deletes", async () => {
    const created = await call(POST, "POST", `${base()}/products`, {
      user: a.users.member,
      params: p(),
      body: { sku: "TEE-1", name: "Tee", price: 12.5, stock: 3 },
    });
    expect(created.status).toBe(201);
    const product = created.json.product as { id: string };
    expect(product).toMatchObject({ sku: "TEE-1", price: 12.5, currency: "USD", stock: 3, active: true });
    const listed = await call(list, "GET", `${base()}/products`, {
      user: a.users.viewer,
      params: p(),
      search: "search=tee&limit=5",
    });
    expect(listed.json).toMatchObject({ products: [{ sku: "TEE-1" }], nextCursor: null });
    expect(JSON.stringify(listed.json)).not.toContain("B-SECRET");
    const url = `${base()}/products/${product.id}`;
    expect(
      (await call(getOne, "GET", url, { user: a.users.viewer, params: p({ id: product.id }) })).status,
    ).toBe(200);
    const patched = await call(PATCH, "PATCH", url, {
      user: a.users.member,
      params: p({ id: product.id }),
      body: { active: false },
    });
    expect(patched.json.product).toMatchObject({ active: false });
    const hidden = await call(list, "GET", `${base()}/products`, { user: a.users.viewer, params: p() });
    expect(hidden.json.products).toEqual([]);
    const all = await call(list, "GET", `${base()}/products`, {
      user: a.users.viewer,
      params: p(),
      search: "includeInactive=true",
    });
    expect(all.json.products).toHaveLength(1);
    const deleted = await call(DELETE, "DELETE", url, {
      user: a.users.member,
      params: p({ id: product.id }),
    });
    expect(deleted.status).toBe(200);
  });

  it("answers 4xx with a code for bad input, never 500", async () => {
    const cases: [unknown, number, string][] = [
      ["{not json", 400, "invalid_json"],
      [{ sku: "A 1", name: "x", price: 1 }, 400, "validation_failed"],
      [{ sku: "A1", name: "x", price: "free" }, 400, "validation_failed"],
      [{ sku: "A1", name: "x", price: 1, currency: "DOLLARS" }, 400, "validation_failed"],
      [[], 400, "validation_failed"],
    ];
    for (const [body, status, code] of cases) {
      const res = await call(POST, "POST", `${base()}/products`, { user: a.users.member, params: p(), body });
      expect({ body, status: res.status, code: res.code }).toEqual({ body, status, code });
    }
    await call(POST, "POST", `${base()}/products`, {
      user: a.users.member,
      params: p(),
      body: { sku: "TAKEN", name: "x", price: 1 },
    });
    const dup = await call(POST, "POST", `${base()}/products`, {
      user: a.users.member,
      params: p(),
      body: { sku: "TAKEN", name: "y", price: 1 },
    });
    expect([dup.status, dup.code]).toEqual([409, "conflict"]);
    const badId = await call(getOne, "GET", `${base()}/products/nope`, {
      user: a.users.viewer,
      params: p({ id: "nope" }),
    });
    expect([badId.status, badId.code]).toEqual([400, "validation_failed"]);
    const unknown = randomUUID();
    const missing = await call(PATCH, "PATCH", "", {
      user: a.users.member,
      params: p({ id: unknown }),
      body: { name: "x" },
    });
    expect([missing.status, missing.code]).toEqual([404, "not_found"]);
    const badQuery = await call(list, "GET", "", { user: a.users.viewer, params: p(), search: "limit=1000" });
    expect([badQuery.status, badQuery.code]).toEqual([400, "validation_failed"]);
  });

  it("refuses viewers (403), strangers (404) and anonymous callers (401)", async () => {
    const viewer = await call(POST, "POST", `${base()}/products`, {
      user: a.users.viewer,
      params: p(),
      body: { sku: "V1", name: "v", price: 1 },
    });
    expect([viewer.status, viewer.code]).toEqual([403, "forbidden"]);
    const stranger = await call(list, "GET", `${base()}/products`, { user: b.users.owner, params: p() });
    expect([stranger.status, stranger.code]).toEqual([404, "not_found"]);
    expect((await call(list, "GET", `${base()}/products`, { params: p() })).status).toBe(401);
  });

  it("a product in a cart cannot be deleted (409); the cart route shows the cart", async () => {
    const scope = a.users.member.scope(a.id);
    const prod = await createProduct(scope, { sku: "IN-CART", name: "In cart", price: 2, stock: 5 });
    const conv = await conversationIn(a);
    const empty = await call(getCart, "GET", "", {
      user: a.users.viewer,
      params: p({ conversationId: conv }),
    });
    expect([empty.status, empty.json.error]).toEqual([
      404,
      expect.objectContaining({ details: { code: "cart_not_found" } }),
    ]);
    await createCart(scope, { conversation_id: conv, product_id: prod.id, quantity: 2 });
    const del = await call(DELETE, "DELETE", "", { user: a.users.member, params: p({ id: prod.id }) });
    expect([del.status, del.code]).toEqual([409, "conflict"]);
    const cart = await call(getCart, "GET", "", {
      user: a.users.viewer,
      params: p({ conversationId: conv }),
    });
    expect(cart.json.cart).toMatchObject({ itemCount: 2, total: 4 });
    const foreign = await call(getCart, "GET", "", {
      user: b.users.owner,
      params: p({ conversationId: conv }),
    });
    expect(foreign.status).toBe(404);
    const malformed = await call(getCart, "GET", "", {
      user: a.users.viewer,
      params: p({ conversationId: "x" }),
    });
    expect(malformed.status).toBe(400);
  });
});

describe("/catalog/import", () => {
  const csv = "sku,name,price,stock\nIMP-1,One,1.50,2\nIMP-2,Two,oops,1\nIMP-3,Three,3,\n";

  it("streams progress then the result; bad rows are listed, good rows imported", async () => {
    const res = await upload(a.users.member, csv, "text/csv");
    expect(res.status).toBe(200);
    expect(res.lines).toEqual([
      { type: "progress", done: 0, total: 2 },
      { type: "progress", done: 2, total: 2 },
      {
        type: "result",
        created: 2,
        updated: 0,
        errors: [{ row: 3, message: expect.stringContaining("price") }],
      },
    ]);
    const listed = await call(list, "GET", "", { user: a.users.viewer, params: p(), search: "search=IMP" });
    expect((listed.json.products as { sku: string }[]).map((x) => x.sku)).toEqual(["IMP-1", "IMP-3"]);
  });

  it("takes a multipart form with a file field", async () => {
    const form = new FormData();
    form.set("file", new Blob([csv], { type: "text/csv" }), "products.csv");
    const res = await upload(a.users.member, form);
    expect(res.lines.at(-1)).toMatchObject({ type: "result", created: 0, updated: 2 });
  });

  it("refuses what it cannot read with a plain 4xx", async () => {
    const header = await upload(a.users.member, "name,price\nx,1\n", "text/csv");
    expect([header.status, header.json?.error.code]).toEqual([400, "validation_failed"]);
    const type = await upload(a.users.member, JSON.stringify({ csv }), "application/json");
    expect([type.status, type.json?.error.code]).toEqual([415, "unsupported_media_type"]);
    const big = await upload(a.users.member, `sku,name,price\n${"x".repeat(5 * 1024 * 1024)}`, "text/csv");
    expect([big.status, big.json?.error.code]).toEqual([413, "payload_too_large"]);
    const noFile = await upload(a.users.member, new FormData(), undefined);
    expect([noFile.status, noFile.json?.error.code]).toEqual([400, "bad_request"]);
    const viewer = await upload(a.users.viewer, csv, "text/csv");
    expect([viewer.status, viewer.json?.error.code]).toEqual([403, "forbidden"]);
  });
});
