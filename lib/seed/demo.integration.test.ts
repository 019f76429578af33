import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asService, openDb } from "@/test/db/workspace-kit";
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

  it("gives the demo a shop assistant agent with the catalog tools, on the offline model", async () => {
    const agents = await asService(db, (tx) =>
      tx
        .selectFrom("agents as a")
        .innerJoin("workspaces as w", "w.id", "a.workspace_id")
        .select(["a.name", "a.tools", "a.model", "a.provider_connection_id"])
        .where("w.slug", "=", DEMO_SLUG)
        .execute(),
    );
    expect(agents).toHaveLength(1);
    expect(agents[0]).toMatchObject({ name: "Shop assistant", model: null, provider_connection_id: null });
    expect(agents[0]?.tools).toEqual(expect.arrayContaining(["list_products", "create_cart", "get_cart"]));
  });
});
