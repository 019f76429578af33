import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP, seedRouteWorkspace, type TestUser, type TestWorkspace } from "@/test/http/web-api-kit";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "../auth/tokens";
import { closeDb } from "../db/client";
import { runAsService } from "../db/rls";
import { withWorkspace } from "./handler";

// withWorkspace's checks through a real handler: the session's revocation, the
// membership and the rate limit now arrive in one statement, so these pin down
// that each still refuses on its own, and in order.

let a: TestWorkspace;
let b: TestWorkspace;

const whoAmI = (max: number) =>
  withWorkspace(async (ctx) => ({ slug: ctx.workspace.slug, role: ctx.role, user: ctx.session.user.id }), {
    role: "member",
    rateLimit: { name: `wwtest-${randomUUID()}`, max, windowSeconds: 60 },
  });

function cookies(user: TestUser, keep: string[]): string {
  return user.cookie
    .split("; ")
    .filter((c) => keep.includes(c.split("=")[0] as string))
    .join("; ");
}

async function get(route: ReturnType<typeof whoAmI>, slug: string, cookie: string) {
  const res = await route(new Request(`${APP}/api/workspaces/${slug}/x`, { headers: { cookie } }), {
    params: Promise.resolve({ slug }),
  });
  const json = (await res.json()) as { slug?: string; role?: string; error?: { code: string } };
  return { status: res.status, json, code: json.error?.code, headers: res.headers };
}

beforeAll(async () => {
  [a, b] = await Promise.all([seedRouteWorkspace("ww-a"), seedRouteWorkspace("ww-b")]);
});

afterAll(closeDb);

describe("withWorkspace", () => {
  it("lets a member in with the workspace and role; a viewer gets 403 and a non-member 404", async () => {
    const route = whoAmI(100);
    const ok = await get(route, a.slug, a.users.member.cookie);
    expect([ok.status, ok.json.slug, ok.json.role]).toEqual([200, a.slug, "member"]);
    expect((await get(route, a.slug, a.users.viewer.cookie)).code).toBe("forbidden");
    expect((await get(route, b.slug, a.users.member.cookie)).status).toBe(404);
    expect((await get(route, "no-such-workspace", a.users.member.cookie)).status).toBe(404);
    expect((await get(route, a.slug, "")).status).toBe(401);
  });

  it("refuses a revoked session with 401 and clears its cookies, even with a valid-looking access token", async () => {
    const route = whoAmI(100);
    const user = (await seedRouteWorkspace("ww-revoked")).users.owner;
    await runAsService("test:revoke", (tx) =>
      tx
        .updateTable("auth_sessions")
        .set({ revoked_at: new Date() })
        .where("user_id", "=", user.id)
        .execute(),
    );
    const res = await get(route, a.slug, user.cookie);
    expect([res.status, res.code]).toEqual([401, "unauthorized"]);
    const cleared = res.headers.getSetCookie().join("\n");
    expect(cleared).toContain(`${ACCESS_COOKIE}=;`);
    expect(cleared).toContain(`${REFRESH_COOKIE}=;`);
    // Only the access token: same answer.
    expect((await get(route, a.slug, cookies(user, [ACCESS_COOKIE]))).status).toBe(401);
  });

  it("rotates the refresh token when the access token is missing, and lets the request through", async () => {
    const route = whoAmI(100);
    const res = await get(route, a.slug, cookies(a.users.admin, [REFRESH_COOKIE]));
    expect([res.status, res.json.role]).toEqual([200, "admin"]);
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${ACCESS_COOKIE}=ey`))).toBe(true);
  });

  it("still sends the rotated cookies when the request then fails (the old refresh token is spent)", async () => {
    const route = whoAmI(100);
    const res = await get(route, b.slug, cookies(a.users.viewer, [REFRESH_COOKIE]));
    expect(res.status).toBe(404);
    const set = res.headers.getSetCookie();
    expect(set.some((c) => c.startsWith(`${ACCESS_COOKIE}=ey`))).toBe(true);
    expect(set.some((c) => c.startsWith(`${REFRESH_COOKIE}=`) && !c.startsWith(`${REFRESH_COOKIE}=;`))).toBe(
      true,
    );
  });

  it("counts the rate limit only for members: 404s for a foreign workspace do not spend the budget", async () => {
    const route = whoAmI(2);
    const outsider = b.users.member.cookie;
    for (let i = 0; i < 3; i++) expect((await get(route, a.slug, outsider)).status).toBe(404);
    expect((await get(route, b.slug, outsider)).status).toBe(200);
    expect((await get(route, b.slug, outsider)).status).toBe(200);
    const limited = await get(route, b.slug, outsider);
    expect([limited.status, limited.code]).toEqual([429, "rate_limited"]);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});
