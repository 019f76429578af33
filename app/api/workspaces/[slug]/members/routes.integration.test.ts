import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "@/lib/db/client";
import { call, seedRouteWorkspace, type TestWorkspace } from "../../../../../test/http/web-api-kit";
import { POST as leave, GET as leaveGet } from "../leave/route";
import { PATCH as changeRole, DELETE as remove } from "./[userId]/route";
import { GET as list } from "./route";

// Members through the session routes, built from lib/members/contract.ts: each
// answer is also checked against the contract's output shape (operation-routes).

let ws: TestWorkspace;
let other: TestWorkspace;
const path = (sub = "") => `/api/workspaces/${ws.slug}/members${sub}`;

beforeAll(async () => {
  [ws, other] = await Promise.all([seedRouteWorkspace("members-a"), seedRouteWorkspace("members-b")]);
});
afterAll(closeDb);

describe("members", () => {
  it("lists the members to a viewer, with the caller's own id and role", async () => {
    const res = await call(list, "GET", path(), { user: ws.users.viewer, params: { slug: ws.slug } });
    expect(res.status).toBe(200);
    const members = res.json.members as { userId: string; role: string; joinedAt: string }[];
    expect(members.map((m) => m.role).sort()).toEqual(["admin", "member", "owner", "viewer"]);
    expect(Number.isNaN(Date.parse(members[0]?.joinedAt ?? ""))).toBe(false);
    expect(res.json.me).toEqual({ userId: ws.users.viewer.id, role: "viewer" });
    const stranger = await call(list, "GET", path(), { user: other.users.owner, params: { slug: ws.slug } });
    expect([stranger.status, stranger.code]).toEqual([404, "not_found"]);
  });

  it("lets admins change a role; members get 403, bad ids 400, non-members 404", async () => {
    const target = ws.users.viewer.id;
    const opts = (user = ws.users.admin, userId = target, body: unknown = { role: "member" }) => ({
      user,
      params: { slug: ws.slug, userId },
      body,
    });
    const denied = await call(changeRole, "PATCH", path(`/${target}`), opts(ws.users.member));
    expect([denied.status, denied.code]).toEqual([403, "forbidden"]);
    const badId = await call(changeRole, "PATCH", path("/nope"), opts(ws.users.admin, "nope"));
    expect([badId.status, badId.code]).toEqual([400, "validation_failed"]);
    const badRole = await call(
      changeRole,
      "PATCH",
      path(`/${target}`),
      opts(ws.users.admin, target, { role: "boss" }),
    );
    expect([badRole.status, badRole.code]).toEqual([400, "validation_failed"]);
    const unknown = randomUUID();
    const missing = await call(changeRole, "PATCH", path(`/${unknown}`), opts(ws.users.admin, unknown));
    expect([missing.status, missing.code]).toEqual([404, "not_found"]);

    const ok = await call(changeRole, "PATCH", path(`/${target}`), opts());
    expect([ok.status, ok.json]).toEqual([200, { member: { userId: target, role: "member" } }]);
    const back = await call(
      changeRole,
      "PATCH",
      path(`/${target}`),
      opts(ws.users.admin, target, { role: "viewer" }),
    );
    expect(back.json).toEqual({ member: { userId: target, role: "viewer" } });
  });

  it("lets a viewer remove only themselves, and admins remove others", async () => {
    const w = await seedRouteWorkspace("members-remove");
    const del = (user: typeof w.users.viewer, userId: string) =>
      call(remove, "DELETE", `/api/workspaces/${w.slug}/members/${userId}`, {
        user,
        params: { slug: w.slug, userId },
      });
    const notOthers = await del(w.users.viewer, w.users.member.id);
    expect([notOthers.status, notOthers.code]).toEqual([404, "not_found"]);
    expect(await del(w.users.admin, w.users.member.id)).toMatchObject({ status: 200, json: { ok: true } });
    expect(await del(w.users.viewer, w.users.viewer.id)).toMatchObject({ status: 200, json: { ok: true } });
    const gone = await call(list, "GET", `/api/workspaces/${w.slug}/members`, {
      user: w.users.viewer,
      params: { slug: w.slug },
    });
    expect(gone.status).toBe(404);
  });

  it("leaves the workspace with POST /leave (other methods 405)", async () => {
    const w = await seedRouteWorkspace("members-leave");
    const at = `/api/workspaces/${w.slug}/leave`;
    const wrong = await call(leaveGet, "GET", at, { user: w.users.member, params: { slug: w.slug } });
    expect(wrong.status).toBe(405);
    const res = await call(leave, "POST", at, { user: w.users.member, params: { slug: w.slug } });
    expect([res.status, res.json]).toEqual([200, { ok: true }]);
    const after = await call(list, "GET", `/api/workspaces/${w.slug}/members`, {
      user: w.users.member,
      params: { slug: w.slug },
    });
    expect(after.status).toBe(404);
  });
});
