import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { call, seedRouteWorkspace, type TestWorkspace } from "../../../../../test/http/web-api-kit";
import { DELETE, GET, POST, PUT } from "./route";

// Every answer here is also checked against lib/providers/contract.ts (operation-routes, under test).

let a: TestWorkspace;
let b: TestWorkspace;
const base = () => `/api/workspaces/${a.slug}/prices`;
const p = () => ({ slug: a.slug });
type Price = { provider: string; model: string; outputPerMillion: number; source: string; updatedAt: string };
const find = (prices: unknown, model: string) => (prices as Price[]).find((r) => r.model === model);

beforeAll(async () => {
  [a, b] = await Promise.all([seedRouteWorkspace("price-routes-a"), seedRouteWorkspace("price-routes-b")]);
});

afterAll(closeDb);

describe("price routes", () => {
  it("viewers read the table; an admin overrides a price and removes the override again", async () => {
    const listed = await call(GET, "GET", base(), { user: a.users.viewer, params: p() });
    expect(listed.status).toBe(200);
    const seeded = (listed.json.prices as Price[]).find((r) => r.source === "default");
    if (!seeded) throw new Error("the migrations seed default prices");

    const body = {
      provider: seeded.provider,
      model: seeded.model,
      inputPerMillion: 1.5,
      outputPerMillion: 99,
    };
    const put = await call(PUT, "PUT", base(), { user: a.users.admin, params: p(), body });
    expect(put.status).toBe(200);
    expect(put.json.price).toMatchObject({ ...body, source: "workspace", updatedAt: expect.any(String) });
    const after = await call(GET, "GET", base(), { user: a.users.viewer, params: p() });
    expect(find(after.json.prices, seeded.model)).toMatchObject({
      outputPerMillion: 99,
      source: "workspace",
    });
    // The other workspace still sees the default.
    const other = await call(GET, "GET", `/api/workspaces/${b.slug}/prices`, {
      user: b.users.viewer,
      params: { slug: b.slug },
    });
    expect(find(other.json.prices, seeded.model)).toMatchObject({ source: "default" });

    const search = new URLSearchParams({ provider: seeded.provider, model: seeded.model }).toString();
    const removed = await call(DELETE, "DELETE", base(), { user: a.users.admin, params: p(), search });
    expect([removed.status, removed.json]).toEqual([200, { ok: true }]);
    const again = await call(DELETE, "DELETE", base(), { user: a.users.admin, params: p(), search });
    expect([again.status, again.code]).toEqual([404, "not_found"]);
    const reset = await call(GET, "GET", base(), { user: a.users.viewer, params: p() });
    expect(find(reset.json.prices, seeded.model)).toMatchObject({ source: "default" });
  });

  it("refuses members (403), strangers (404), bad bodies and unknown query parameters (400), other methods (405)", async () => {
    const body = { provider: "openai", model: "gpt-x", inputPerMillion: 1, outputPerMillion: 2 };
    const member = await call(PUT, "PUT", base(), { user: a.users.member, params: p(), body });
    expect([member.status, member.code]).toEqual([403, "forbidden"]);
    const stranger = await call(GET, "GET", base(), { user: b.users.owner, params: p() });
    expect([stranger.status, stranger.code]).toEqual([404, "not_found"]);
    const negative = await call(PUT, "PUT", base(), {
      user: a.users.admin,
      params: p(),
      body: { ...body, inputPerMillion: -1 },
    });
    expect([negative.status, negative.code]).toEqual([400, "validation_failed"]);
    for (const search of ["provider=openai", "provider=openai&model=gpt-x&workspace=other"]) {
      const res = await call(DELETE, "DELETE", base(), { user: a.users.admin, params: p(), search });
      expect([search, res.status, res.code]).toEqual([search, 400, "validation_failed"]);
    }
    const post = await call(POST, "POST", base(), { user: a.users.admin, params: p(), body });
    expect([post.status, post.code]).toEqual([405, "method_not_allowed"]);
  });
});
