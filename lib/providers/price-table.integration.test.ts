import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type SeedWorkspace, seedWorkspace } from "../../test/db/workspace-kit";
import type { Database } from "../db/client";
import { closeDb } from "../db/client";
import { toAppError } from "../errors";
import { deletePriceOverride, listPrices, upsertPrice } from "./price-table";
import { costOf, priceFor } from "./prices";

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;
const as = (ws: SeedWorkspace, role: keyof SeedWorkspace["users"]) => ({
  claims: ws.users[role].claims,
  workspaceId: ws.id,
});

beforeAll(async () => {
  db = openDb();
  a = await seedWorkspace(db, "price-a");
  b = await seedWorkspace(db, "price-b");
});
afterAll(async () => {
  await db.destroy();
  await closeDb();
});

describe("model price table", () => {
  it("lists defaults, lets an admin override one for the workspace only, and turns tokens into cost", async () => {
    const before = await listPrices(as(a, "viewer"));
    const gpt = before.find((p) => p.provider === "openai" && p.model === "gpt-4o-mini");
    expect(gpt).toMatchObject({ source: "default", inputPerMillion: 0.15, outputPerMillion: 0.6 });

    await upsertPrice(as(a, "admin"), {
      provider: "openai",
      model: "gpt-4o-mini",
      inputPerMillion: 1,
      outputPerMillion: 2,
    });
    await upsertPrice(as(a, "admin"), {
      provider: "openai",
      model: "gpt-4o-mini",
      inputPerMillion: 3,
      outputPerMillion: 4,
    });
    const price = await priceFor(as(a, "member"), "openai", "gpt-4o-mini");
    expect(price).toMatchObject({ source: "workspace", inputPerMillion: 3, outputPerMillion: 4 });
    expect(costOf(price, 1_000_000, 500_000)).toBe(5);
    // Workspace B still sees the default.
    expect(await priceFor(as(b, "owner"), "openai", "gpt-4o-mini")).toMatchObject({
      source: "default",
      inputPerMillion: 0.15,
    });

    await deletePriceOverride(as(a, "owner"), "openai", "gpt-4o-mini");
    expect(await priceFor(as(a, "member"), "openai", "gpt-4o-mini")).toMatchObject({ source: "default" });
  });

  it("refuses members and viewers, and never touches the instance defaults", async () => {
    for (const role of ["member", "viewer"] as const) {
      const err = await upsertPrice(as(a, role), {
        provider: "x",
        model: "y",
        inputPerMillion: 1,
        outputPerMillion: 1,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(toAppError(err).status).toBe(403);
    }
    const err = await deletePriceOverride(as(a, "owner"), "openai", "gpt-4o").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(toAppError(err).code).toBe("not_found");
    expect(await priceFor(as(b, "viewer"), "openai", "gpt-4o")).toMatchObject({
      source: "default",
      inputPerMillion: 2.5,
    });
  });
});
