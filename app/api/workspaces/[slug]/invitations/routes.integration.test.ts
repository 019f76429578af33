import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as accept } from "@/app/api/invitations/accept/route";
import { GET as me } from "@/app/api/me/route";
import { closeDb } from "@/lib/db/client";
import { acceptedInvitationOutput } from "@/lib/invitations/contract";
import {
  call,
  seedRouteWorkspace,
  signUpUser,
  type TestWorkspace,
} from "../../../../../test/http/web-api-kit";
import { GET as members } from "../members/route";
import { DELETE as revoke } from "./[id]/route";
import { POST as create, GET as list } from "./route";

// Invitations through the session routes, built from lib/invitations/contract.ts,
// and accepting one through /api/invitations/accept (outside any workspace).

let ws: TestWorkspace;
const path = (sub = "") => `/api/workspaces/${ws.slug}/invitations${sub}`;
const invite = (body: unknown, user = ws.users.admin) =>
  call(create, "POST", path(), { user, params: { slug: ws.slug }, body });

beforeAll(async () => {
  ws = await seedRouteWorkspace("invites");
});
afterAll(closeDb);

describe("invitations", () => {
  it("creates (201) with a link, lists and revokes, for admins only", async () => {
    const email = `guest-${randomUUID()}@routes.test`;
    const res = await invite({ email, role: "member" });
    expect(res.status).toBe(201);
    const invitation = res.json.invitation as { id: string; email: string; role: string };
    expect(invitation).toMatchObject({ email, role: "member" });
    expect(res.json.inviteUrl).toMatch(/\/invite\/[A-Za-z0-9_-]{16,}$/);
    expect(res.json.emailed).toBe(false);
    // The link is the invitation's secret: no cache keeps the answer.
    expect(res.headers.get("cache-control")).toBe("no-store");

    const listed = await call(list, "GET", path(), { user: ws.users.admin, params: { slug: ws.slug } });
    expect((listed.json.invitations as { id: string }[]).map((i) => i.id)).toContain(invitation.id);
    const asMember = await call(list, "GET", path(), { user: ws.users.member, params: { slug: ws.slug } });
    expect([asMember.status, asMember.code]).toEqual([403, "forbidden"]);
    const byMember = await invite({ email, role: "member" }, ws.users.member);
    expect([byMember.status, byMember.code]).toEqual([403, "forbidden"]);

    const del = (id: string) =>
      call(revoke, "DELETE", path(`/${id}`), { user: ws.users.admin, params: { slug: ws.slug, id } });
    expect(await del(invitation.id)).toMatchObject({ status: 200, json: { ok: true } });
    expect(await del(invitation.id)).toMatchObject({ status: 404, code: "not_found" });
    expect(await del("not-a-uuid")).toMatchObject({ status: 400, code: "validation_failed" });
  });

  it("refuses an owner invitation, a bad email and an existing member (400, 400, 409)", async () => {
    expect(await invite({ email: `x-${randomUUID()}@routes.test`, role: "owner" })).toMatchObject({
      status: 400,
      code: "validation_failed",
    });
    expect(await invite({ email: "not an email", role: "member" })).toMatchObject({ status: 400 });
    const me = await call(members, "GET", `/api/workspaces/${ws.slug}/members`, {
      user: ws.users.admin,
      params: { slug: ws.slug },
    });
    const memberEmail = (me.json.members as { role: string; email: string }[]).find(
      (m) => m.role === "member",
    )?.email;
    expect(await invite({ email: memberEmail, role: "viewer" })).toMatchObject({
      status: 409,
      code: "conflict",
    });
  });

  it("lets the invited person accept with the link's token and join with the invited role", async () => {
    const guest = await signUpUser("invitee");
    const before = await call(members, "GET", "", { user: guest, params: { slug: ws.slug } });
    expect(before.status).toBe(404);
    const { json } = await call(me, "GET", "/api/me", { user: guest, params: {} });
    const res = await invite({ email: (json.user as { email: string }).email, role: "viewer" });
    const token = String(res.json.inviteUrl).split("/invite/")[1];
    const accepted = await call(accept, "POST", "/api/invitations/accept", {
      user: guest,
      params: {},
      body: { token },
    });
    expect(accepted.status).toBe(200);
    expect(acceptedInvitationOutput.parse(accepted.json)).toEqual(accepted.json);
    expect(accepted.json.workspace).toEqual({ slug: ws.slug, name: "invites" });
    const joined = await call(members, "GET", "", { user: guest, params: { slug: ws.slug } });
    expect(joined.json.me).toEqual({ userId: guest.id, role: "viewer" });
    const again = await call(accept, "POST", "/api/invitations/accept", {
      user: guest,
      params: {},
      body: { token },
    });
    expect([again.status, again.code]).toEqual([404, "not_found"]);
  });
});
