import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService, openDb, type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import { closeDb, type Database } from "../db/client";
import { isAppError } from "../errors";
import type { WorkspaceScope } from "../workspaces";
import { createProduct, deleteProduct, getProduct, listProducts, updateProduct } from ".";

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;
const as = (ws: SeedWorkspace, role: keyof SeedWorkspace["users"]): WorkspaceScope => ({
  claims: ws.users[role].claims,
  workspaceId: ws.id,
});

/** The AppError code (and details) a call fails with. */
async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (e) {
    if (isAppError(e)) return { code: e.code, details: e.details };
    throw e;
  }
  throw new Error("expected a refusal");
}

beforeAll(async () => {
  db = openDb();
  [a, b] = await Promise.all([seedWorkspace(db, "products-a"), seedWorkspace(db, "products-b")]);
});

afterAll(async () => {
  await db.destroy();
  await closeDb();
});

describe("product CRUD", () => {
  it("a member creates, reads, updates and deletes a product; each step is audited", async () => {
    const created = await createProduct(as(a, "member"), {
      sku: "TEE-1",
      name: "  Tee  ",
      price: 19.9,
      currency: "eur",
      stock: 4,
    });
    expect(created).toMatchObject({
      sku: "TEE-1",
      name: "Tee",
      description: "",
      price: 19.9,
      currency: "EUR",
      stock: 4,
      active: true,
    });
    expect(await getProduct(as(a, "viewer"), created.id)).toEqual(created);
    const updated = await updateProduct(as(a, "member"), created.id, { price: 0.3, active: false });
    expect(updated).toMatchObject({ price: 0.3, active: false, stock: 4 });
    await deleteProduct(as(a, "member"), created.id);
    expect(await refusal(() => getProduct(as(a, "member"), created.id))).toMatchObject({ code: "not_found" });
    const audit = await asService(db, (tx) =>
      tx
        .selectFrom("audit_log")
        .select(["action", "details"])
        .where("target_id", "=", created.id)
        .orderBy("id")
        .execute(),
    );
    expect(audit).toEqual([
      { action: "product.created", details: { sku: "TEE-1", name: "Tee" } },
      {
        action: "product.updated",
        details: {
          sku: "TEE-1",
          name: "Tee",
          changed: ["active", "price"],
          changes: { price: { from: 19.9, to: 0.3 }, active: { from: true, to: false } },
        },
      },
      { action: "product.deleted", details: { sku: "TEE-1", name: "Tee" } },
    ]);
  });

  it("refuses invalid fields with validation_failed naming the field", async () => {
    const base = { sku: "OK-1", name: "Ok", price: 1 };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, sku: "has space" }, "sku"],
      [{ ...base, sku: "" }, "sku"],
      [{ ...base, name: "   " }, "name"],
      [{ ...base, price: 1.234 }, "price"],
      [{ ...base, price: -1 }, "price"],
      [{ ...base, price: "12" }, "price"],
      [{ ...base, currency: "EURO" }, "currency"],
      [{ ...base, currency: "XQZ" }, "currency"],
      [{ ...base, stock: 1.5 }, "stock"],
      [{ ...base, stock: -1 }, "stock"],
      [{ ...base, extra: true }, ""],
    ];
    for (const [input, path] of cases) {
      const r = await refusal(() => createProduct(as(a, "member"), input as never));
      expect({ input, code: r.code }).toEqual({ input, code: "validation_failed" });
      if (path) expect(r.details).toEqual([expect.objectContaining({ path })]);
    }
    const { id } = await createProduct(as(a, "member"), { ...base, sku: "VALID-1" });
    expect(await refusal(() => updateProduct(as(a, "member"), id, {}))).toMatchObject({
      code: "validation_failed",
    });
  });

  it("answers a duplicate SKU with a conflict on the sku field, on create and on rename", async () => {
    await createProduct(as(a, "member"), { sku: "DUP-1", name: "First", price: 1 });
    const second = await createProduct(as(a, "member"), { sku: "DUP-2", name: "Second", price: 1 });
    const message = "Another product already has the SKU DUP-1.";
    expect(
      await refusal(() => createProduct(as(a, "member"), { sku: "DUP-1", name: "x", price: 1 })),
    ).toEqual({
      code: "conflict",
      details: [{ path: "sku", message }],
    });
    expect(await refusal(() => updateProduct(as(a, "member"), second.id, { sku: "DUP-1" }))).toMatchObject({
      code: "conflict",
    });
    // Another workspace may use the same SKU.
    await expect(
      createProduct(as(b, "member"), { sku: "DUP-1", name: "B's", price: 1 }),
    ).resolves.toBeTruthy();
  });

  it("viewers read but cannot write; other workspaces' and malformed ids are not_found", async () => {
    const p = await createProduct(as(a, "member"), { sku: "ROLE-1", name: "Role", price: 1 });
    expect(
      await refusal(() => createProduct(as(a, "viewer"), { sku: "V-1", name: "v", price: 1 })),
    ).toMatchObject({
      code: "forbidden",
    });
    expect(await refusal(() => updateProduct(as(a, "viewer"), p.id, { name: "v" }))).toMatchObject({
      code: "forbidden",
    });
    expect(await refusal(() => deleteProduct(as(a, "viewer"), p.id))).toMatchObject({ code: "forbidden" });
    for (const scope of [as(b, "owner"), { ...as(b, "owner"), workspaceId: a.id }]) {
      expect(await refusal(() => getProduct(scope, p.id))).toMatchObject({ code: "not_found" });
      expect(await refusal(() => updateProduct(scope, p.id, { name: "pwned" }))).toMatchObject({
        code: "not_found",
      });
      expect(await refusal(() => deleteProduct(scope, p.id))).toMatchObject({ code: "not_found" });
    }
    for (const id of ["nope", "", randomUUID()]) {
      expect(await refusal(() => getProduct(as(a, "member"), id))).toMatchObject({ code: "not_found" });
    }
    expect(await getProduct(as(a, "member"), p.id)).toMatchObject({ name: "Role" });
  });
});

describe("listProducts", () => {
  let ws: SeedWorkspace;
  beforeAll(async () => {
    ws = await seedWorkspace(db, "products-list");
    const scope = as(ws, "member");
    await createProduct(scope, { sku: "SH-RED", name: "Red shirt", description: "Cotton, 100%", price: 10 });
    await createProduct(scope, { sku: "SH-BLUE", name: "Blue shirt", description: "Linen", price: 12 });
    await createProduct(scope, { sku: "MUG-1", name: "Mug", description: "Red ceramic", price: 5 });
    await createProduct(scope, { sku: "OLD-1", name: "Old shirt", price: 1, active: false });
  });

  it("lists active products in SKU order; inactive ones only when asked", async () => {
    const scope = as(ws, "viewer");
    expect((await listProducts(scope, {})).products.map((p) => p.sku)).toEqual([
      "MUG-1",
      "SH-BLUE",
      "SH-RED",
    ]);
    const all = await listProducts(scope, { includeInactive: true });
    expect(all.products.map((p) => p.sku)).toEqual(["MUG-1", "OLD-1", "SH-BLUE", "SH-RED"]);
    // Query strings say "false": that must not read as true.
    expect((await listProducts(scope, { includeInactive: "false" })).products).toHaveLength(3);
  });

  it("searches SKU, name and description; every word must match; wildcards are literal", async () => {
    const skus = async (search: string) =>
      (await listProducts(as(ws, "viewer"), { search, includeInactive: true })).products.map((p) => p.sku);
    expect(await skus("red")).toEqual(["MUG-1", "SH-RED"]);
    expect(await skus("  RED   shirt ")).toEqual(["SH-RED"]);
    expect(await skus("sh-b")).toEqual(["SH-BLUE"]);
    expect(await skus("100%")).toEqual(["SH-RED"]);
    expect(await skus("%")).toEqual(["SH-RED"]);
    expect(await skus("_")).toEqual([]);
    expect(await skus("")).toHaveLength(4);
  });

  it("pages with a cursor and refuses a forged one", async () => {
    const scope = as(ws, "viewer");
    const first = await listProducts(scope, { limit: 2 });
    expect(first.products.map((p) => p.sku)).toEqual(["MUG-1", "SH-BLUE"]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await listProducts(scope, { limit: 2, cursor: first.nextCursor ?? "" });
    expect(second).toMatchObject({ products: [{ sku: "SH-RED" }], nextCursor: null });
    expect(await refusal(() => listProducts(scope, { cursor: "%%%" }))).toMatchObject({
      code: "validation_failed",
    });
    expect(await refusal(() => listProducts(scope, { limit: 0 }))).toMatchObject({
      code: "validation_failed",
    });
  });

  it("never shows another workspace's products", async () => {
    expect((await listProducts(as(a, "owner"), { search: "shirt", includeInactive: true })).products).toEqual(
      [],
    );
    expect(
      (await listProducts({ ...as(a, "owner"), workspaceId: ws.id }, { includeInactive: true })).products,
    ).toEqual([]);
  });
});
