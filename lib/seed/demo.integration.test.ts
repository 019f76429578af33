import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService, openDb } from "@/test/db/fixtures";
import type { Database } from "../db/client";
import { DEMO_SLUG, seedDemo } from "./demo";

let db: Database;

beforeAll(() => {
  db = openDb();
});

afterAll(async () => {
  await db.destroy();
});

const demoSkus = () =>
  asService(db, (tx) =>
    tx
      .selectFrom("products as p")
      .innerJoin("workspaces as w", "w.id", "p.workspace_id")
      .select("p.sku")
      .where("w.slug", "=", DEMO_SLUG)
      .orderBy("p.sku")
      .execute(),
  ).then((rows) => rows.map((r) => r.sku));

describe("seedDemo", () => {
  it("creates the demo workspace with a few products, once; deleted products stay deleted", async () => {
    expect(await seedDemo(db)).toEqual({ created: true });
    const skus = await demoSkus();
    expect(skus).toHaveLength(5);
    expect(await seedDemo(db)).toEqual({ created: false });
    expect(await demoSkus()).toEqual(skus);
    await asService(db, (tx) => tx.deleteFrom("products").where("sku", "=", "CAP-NAVY").execute());
    await seedDemo(db);
    expect(await demoSkus()).toEqual(skus.filter((s) => s !== "CAP-NAVY"));
  });
});
