import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getMe, PATCH as patchMe } from "@/app/api/me/route";
import { GET as sessions } from "@/app/api/me/sessions/route";
import { closeDb } from "@/lib/db/client";
import { meOutput, sessionListOutput, userResult } from "@/lib/profiles/contract";
import { createdWorkspaceOutput, workspaceListOutput } from "@/lib/workspaces/contract";
import {
  call,
  seedRouteWorkspace,
  signUpUser,
  type TestUser,
  type TestWorkspace,
} from "../../../test/http/web-api-kit";
import { GET as audit } from "./[slug]/audit/route";
import { DELETE, GET, PATCH } from "./[slug]/route";
import { POST as createWorkspace, GET as listWorkspaces } from "./route";

// The workspace itself, its audit log and the account, through their routes.
// Routes under a workspace are built from the contracts (their answers are
// checked against the output shapes there); the ones outside keep their
// session wrapper, so their answers are checked against the shapes here.

let ws: TestWorkspace;
const at = () => `/api/workspaces/${ws.slug}`;
const opts = (user: TestUser, body?: unknown) => ({ user, params: { slug: ws.slug }, body });
/** The answer parses as the shape and carries nothing it does not declare. */
const exactly = (shape: { parse(v: unknown): unknown }, json: unknown) =>
  expect(shape.parse(json)).toEqual(json);

beforeAll(async () => {
  ws = await seedRouteWorkspace("settings");
});
afterAll(closeDb);

describe("/api/workspaces", () => {
  it("creates a workspace (201) whose creator is owner, and lists it", async () => {
    const user = await signUpUser("creator");
    const created = await call(createWorkspace, "POST", "/api/workspaces", {
      user,
      params: {},
      body: { name: "Acme" },
    });
    expect(created.status).toBe(201);
    exactly(createdWorkspaceOutput, created.json);
    expect(created.json.workspace).toMatchObject({ name: "Acme", role: "owner" });
    const bad = await call(createWorkspace, "POST", "/api/workspaces", {
      user,
      params: {},
      body: { name: " " },
    });
    expect([bad.status, bad.code]).toEqual([400, "validation_failed"]);

    const listed = await call(listWorkspaces, "GET", "/api/workspaces", { user, params: {} });
    exactly(workspaceListOutput, listed.json);
    expect(listed.json.workspaces).toEqual([created.json.workspace]);
    const anon = await call(listWorkspaces, "GET", "/api/workspaces", { params: {} });
    expect(anon.status).toBe(401);
  });
});

describe("/api/workspaces/{slug}", () => {
  it("shows the workspace and the caller's role to a viewer", async () => {
    const res = await call(GET, "GET", at(), opts(ws.users.viewer));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      workspace: { id: ws.id, slug: ws.slug, name: "settings" },
      role: "viewer",
    });
  });

  it("renames for admins (members 403, nothing to change 400) and records it in the audit log", async () => {
    expect(await call(PATCH, "PATCH", at(), opts(ws.users.member, { name: "x" }))).toMatchObject({
      status: 403,
    });
    expect(await call(PATCH, "PATCH", at(), opts(ws.users.admin, {}))).toMatchObject({
      status: 400,
      code: "validation_failed",
    });
    const res = await call(PATCH, "PATCH", at(), opts(ws.users.admin, { name: "Renamed" }));
    expect(res.status).toBe(200);
    expect(res.json.workspace).toMatchObject({ id: ws.id, slug: ws.slug, name: "Renamed" });

    const log = await call(audit, "GET", `${at()}/audit`, { ...opts(ws.users.admin), search: "limit=5" });
    expect(log.status).toBe(200);
    const entries = log.json.entries as { action: string; actor: { id: string } | null }[];
    expect(entries[0]).toMatchObject({ action: "workspace.renamed", actor: { id: ws.users.admin.id } });
    const asMember = await call(audit, "GET", `${at()}/audit`, opts(ws.users.member));
    expect([asMember.status, asMember.code]).toEqual([403, "forbidden"]);
    const typo = await call(audit, "GET", `${at()}/audit`, { ...opts(ws.users.admin), search: "limt=5" });
    expect([typo.status, typo.code]).toEqual([400, "validation_failed"]);
  });

  it("deletes only for the owner and only with the slug typed to confirm", async () => {
    const w = await seedRouteWorkspace("doomed");
    const del = (user: TestUser, confirm: string) =>
      call(DELETE, "DELETE", `/api/workspaces/${w.slug}`, {
        user,
        params: { slug: w.slug },
        body: { confirm },
      });
    expect(await del(w.users.admin, w.slug)).toMatchObject({ status: 403, code: "forbidden" });
    const wrong = await del(w.users.owner, "nope");
    expect([wrong.status, wrong.code]).toEqual([400, "validation_failed"]);
    expect(await del(w.users.owner, w.slug)).toMatchObject({ status: 200, json: { ok: true } });
    const gone = await call(GET, "GET", `/api/workspaces/${w.slug}`, {
      user: w.users.owner,
      params: { slug: w.slug },
    });
    expect(gone.status).toBe(404);
  });
});

describe("/api/me", () => {
  it("answers the user, their workspaces, a profile change and their sessions in the contract's shapes", async () => {
    const owner = ws.users.owner;
    const me = await call(getMe, "GET", "/api/me", { user: owner, params: {} });
    exactly(meOutput, me.json);
    expect(me.json.user).toMatchObject({ id: owner.id });
    expect(me.json.workspaces).toEqual([expect.objectContaining({ id: ws.id, role: "owner" })]);

    const patched = await call(patchMe, "PATCH", "/api/me", {
      user: owner,
      params: {},
      body: { displayName: " Ada " },
    });
    exactly(userResult, patched.json);
    expect(patched.json.user).toMatchObject({ id: owner.id, displayName: "Ada" });

    const listed = await call(sessions, "GET", "/api/me/sessions", { user: owner, params: {} });
    exactly(sessionListOutput, listed.json);
    expect((listed.json.sessions as { current: boolean }[]).filter((s) => s.current)).toHaveLength(1);
  });
});
