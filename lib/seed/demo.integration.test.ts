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

describe("seedDemo's flows", () => {
  it("gives the demo a published order-status webhook flow and the starter templates as drafts", async () => {
    await seedDemo(db);
    const flows = await asService(db, (tx) =>
      tx
        .selectFrom("flows as f")
        .innerJoin("workspaces as w", "w.id", "f.workspace_id")
        .select(["f.name", "f.published_version", "f.id"])
        .where("w.slug", "=", DEMO_SLUG)
        .orderBy("f.name")
        .execute(),
    );
    expect(flows.map((f) => [f.name, f.published_version])).toEqual([
      ["Daily summary to a webhook", null],
      ["Order status webhook", 1],
      ["Tag and route new WhatsApp leads", null],
    ]);
    const published = flows.find((f) => f.published_version === 1);
    const triggers = await asService(db, (tx) =>
      tx
        .selectFrom("flow_triggers")
        .select(["kind"])
        .where("flow_id", "=", published?.id as string)
        .execute(),
    );
    expect(triggers.map((t) => t.kind)).toEqual(["webhook"]);
  });
});
