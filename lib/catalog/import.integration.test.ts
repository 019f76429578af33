import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import { closeDb, type Database } from "../db/client";
import { isAppError } from "../errors";
import type { WorkspaceScope } from "../workspaces";
import { createProduct, importProductsCsv, listProducts } from ".";

let db: Database;
let ws: SeedWorkspace;

const as = (role: keyof SeedWorkspace["users"], w = ws): WorkspaceScope => ({
  claims: w.users[role].claims,
  workspaceId: w.id,
});
const all = async (w = ws) =>
  (await listProducts(as("viewer", w), { includeInactive: true, limit: 100 })).products.map((p) => ({
    sku: p.sku,
    name: p.name,
    description: p.description,
    price: p.price,
    currency: p.currency,
    stock: p.stock,
    active: p.active,
  }));

beforeAll(async () => {
  db = openDb();
  ws = await seedWorkspace(db, "import");
});

afterAll(async () => {
  await db.destroy();
  await closeDb();
});

describe("importProductsCsv", () => {
  it("imports the good rows, reports each bad one by row number, and reports progress", async () => {
    const csv = [
      "\uFEFFsku,name,description,price,currency,stock,active",
      'TEE-1,T-shirt,"Soft, cotton\nmachine washable",19.90,USD,10,true',
      "TEE-2,,missing name,5,USD,1,true",
      "MUG-1,Mug,,7.5,usd,3,",
      "CAP-1,Cap,,abc,USD,2,true",
      '"SOCK-1","Socks ""x3""",,4,,,no',
    ].join("\r\n");
    const progress: [number, number][] = [];
    const result = await importProductsCsv(as("member"), csv, {
      onProgress: (d, t) => progress.push([d, t]),
    });
    expect(result).toEqual({
      created: 3,
      updated: 0,
      errors: [
        { row: 3, message: "name: missing." },
        { row: 5, message: expect.stringMatching(/^price: "abc" is not a price/) },
      ],
    });
    expect(progress).toEqual([
      [0, 3],
      [3, 3],
    ]);
    expect(await all()).toEqual([
      { sku: "MUG-1", name: "Mug", description: "", price: 7.5, currency: "USD", stock: 3, active: true },
      {
        sku: "SOCK-1",
        name: 'Socks "x3"',
        description: "",
        price: 4,
        currency: "USD",
        stock: 0,
        active: false,
      },
      {
        sku: "TEE-1",
        name: "T-shirt",
        description: "Soft, cotton\nmachine washable",
        price: 19.9,
        currency: "USD",
        stock: 10,
        active: true,
      },
    ]);
  });

  it("updates by SKU; blank or absent optional cells keep the product's current values", async () => {
    const result = await importProductsCsv(
      as("member"),
      "sku,name,price,stock\nTEE-1,T-shirt v2,21,\nNEW-1,New,1,5\n",
    );
    expect(result).toEqual({ created: 1, updated: 1, errors: [] });
    const tee = (await all()).find((p) => p.sku === "TEE-1");
    expect(tee).toEqual({
      sku: "TEE-1",
      name: "T-shirt v2",
      description: "Soft, cotton\nmachine washable",
      price: 21,
      currency: "USD",
      stock: 10,
      active: true,
    });
  });

  it("commits in batches and reports progress after each", async () => {
    const w = await seedWorkspace(db, "import-batches");
    const rows = Array.from({ length: 450 }, (_, i) => `B-${String(i).padStart(3, "0")},Bulk ${i},1.25,1`);
    const progress: number[] = [];
    const result = await importProductsCsv(as("member", w), `sku,name,price,stock\n${rows.join("\n")}`, {
      onProgress: (d) => progress.push(d),
    });
    expect(result).toEqual({ created: 450, updated: 0, errors: [] });
    expect(progress).toEqual([0, 200, 400, 450]);
  });

  it("a row the database refuses is reported alone; the rest of its batch is imported", async () => {
    const w = await seedWorkspace(db, "import-db-refusal");
    // A rule the CSV validation does not know, added for this test only (NOT VALID: no scan of other rows).
    await sql`alter table public.products add constraint import_test_refuse
      check (name <> 'REFUSED BY DB') not valid`.execute(db);
    try {
      const result = await importProductsCsv(
        as("member", w),
        "sku,name,price\nR-1,Fine,1\nR-2,REFUSED BY DB,1\nR-3,Also fine,1\n",
      );
      expect(result).toEqual({
        created: 2,
        updated: 0,
        errors: [{ row: 3, message: "A value is not allowed." }],
      });
      expect((await all(w)).map((p) => p.sku)).toEqual(["R-1", "R-3"]);
    } finally {
      await sql`alter table public.products drop constraint import_test_refuse`.execute(db);
    }
  });

  it("refuses a viewer and a broken header as a whole, importing nothing", async () => {
    const w = await seedWorkspace(db, "import-refused");
    await createProduct(as("member", w), { sku: "KEEP-1", name: "Keep", price: 1 });
    const codeOf = async (run: () => Promise<unknown>) =>
      run().then(
        () => "ok",
        (e: unknown) => (isAppError(e) ? e.code : e),
      );
    expect(await codeOf(() => importProductsCsv(as("viewer", w), "sku,name,price\nV-1,V,1\n"))).toBe(
      "forbidden",
    );
    expect(await codeOf(() => importProductsCsv(as("member", w), "sku;name\nA;B\n"))).toBe(
      "validation_failed",
    );
    expect(await codeOf(() => importProductsCsv(as("member", w), ""))).toBe("validation_failed");
    expect((await all(w)).map((p) => p.sku)).toEqual(["KEEP-1"]);
  });
});
