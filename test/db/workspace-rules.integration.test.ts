import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import {
  asService,
  asUser,
  createUser,
  failure,
  openDb,
  type SeedUser,
  type SeedWorkspace,
  seedWorkspace,
  sha256Hex,
  uniq,
} from "./workspace-kit";
import {
  acceptInvitation,
  invite,
  removeMember,
  rename,
  seededRoles,
  serviceView,
  setRole,
} from "./workspace-ops-kit";

// Role rules inside one workspace (the matrix file covers other workspaces).

let db: Database;
let a: SeedWorkspace;

beforeAll(async () => {
  db = openDb();
  a = await seedWorkspace(db, "rules");
});

afterAll(async () => {
  await db?.destroy();
});

describe("audit trail", () => {
  it("triggers recorded the seed, and only admins and owners can read it", async () => {
    const read = (u: SeedUser) =>
      asUser(db, u, (tx) =>
        tx.selectFrom("audit_log").select(["action", "actor_id"]).where("workspace_id", "=", a.id).execute(),
      );
    const ownerView = (await read(a.users.owner)).map((r) => r.action).sort();
    expect(ownerView).toEqual([
      "invitation.created",
      "member.added",
      "member.added",
      "member.added",
      "member.added",
      "workspace.created",
    ]);
    expect((await read(a.users.admin)).length).toBe(6);
    expect(await read(a.users.member)).toEqual([]);
    expect(await read(a.users.viewer)).toEqual([]);
  });

  it("UPDATE and DELETE are refused even for the owner, allowed on the service path", async () => {
    const entry = await asService(db, (tx) =>
      tx
        .selectFrom("audit_log")
        .select("id")
        .where("workspace_id", "=", a.id)
        .where("action", "=", "member.added")
        .where("target_id", "=", a.users.viewer.id)
        .executeTakeFirstOrThrow(),
    );
    const upd = await failure(() =>
      asUser(db, a.users.owner, (tx) =>
        tx.updateTable("audit_log").set({ action: "rewritten" }).where("id", "=", entry.id).execute(),
      ),
    );
    const del = await failure(() =>
      asUser(db, a.users.owner, (tx) => tx.deleteFrom("audit_log").where("id", "=", entry.id).execute()),
    );
    expect([upd.code, del.code]).toEqual(["42501", "42501"]);
    const serviceUpdate = await asService(db, (tx) =>
      tx
        .updateTable("audit_log")
        .set({ details: { redacted: true } })
        .where("id", "=", entry.id)
        .executeTakeFirst(),
    );
    expect(serviceUpdate?.numUpdatedRows).toBe(1n);
    const serviceDelete = await asService(db, (tx) =>
      tx.deleteFrom("audit_log").where("id", "=", entry.id).executeTakeFirst(),
    );
    expect(serviceDelete?.numDeletedRows).toBe(1n);
  });
});

describe("role rules inside workspace A", () => {
  it("a viewer cannot rename, remove a member, invite or change a role", async () => {
    const { viewer, member } = a.users;
    const res = await asUser(db, viewer, async (tx) => ({
      rename: (await rename(tx, a.id, "Viewer was here")).numUpdatedRows,
      remove: (await removeMember(tx, a.id, member.id)).numDeletedRows,
      promote: (await setRole(tx, a.id, member.id, "admin")).numUpdatedRows,
    }));
    expect(res).toEqual({ rename: 0n, remove: 0n, promote: 0n });
    const inv = await failure(() =>
      asUser(db, viewer, (tx) => invite(tx, a.id, viewer, "v@invitee.test", "member")),
    );
    expect(inv.code).toBe("42501");
    expect(await serviceView(db, a.id)).toEqual({ name: a.name, roles: seededRoles(a), invitations: 1 });
  });

  it("a member cannot invite, rename or change a role", async () => {
    const { member, viewer } = a.users;
    const res = await asUser(db, member, async (tx) => ({
      rename: (await rename(tx, a.id, "Member was here")).numUpdatedRows,
      promote: (await setRole(tx, a.id, viewer.id, "admin")).numUpdatedRows,
    }));
    expect(res).toEqual({ rename: 0n, promote: 0n });
    const inv = await failure(() =>
      asUser(db, member, (tx) => invite(tx, a.id, member, "m@invitee.test", "viewer")),
    );
    expect(inv.code).toBe("42501");
    expect(await serviceView(db, a.id)).toEqual({ name: a.name, roles: seededRoles(a), invitations: 1 });
  });

  it("an admin cannot grant, take or remove the owner role", async () => {
    const { admin, member, owner } = a.users;
    const attempts = [
      () => asUser(db, admin, (tx) => setRole(tx, a.id, member.id, "owner")),
      () => asUser(db, admin, (tx) => setRole(tx, a.id, admin.id, "owner")),
      () => asUser(db, admin, (tx) => setRole(tx, a.id, owner.id, "admin")),
      () => asUser(db, admin, (tx) => removeMember(tx, a.id, owner.id)),
    ];
    for (const run of attempts) {
      expect(await failure(run)).toMatchObject({ code: "42501", hint: "owner_required" });
    }
    const ownerInvite = await failure(() =>
      asUser(db, admin, (tx) => invite(tx, a.id, admin, "o@invitee.test", "owner")),
    );
    expect(ownerInvite.code).toBe("23514");
    expect(await serviceView(db, a.id)).toEqual({ name: a.name, roles: seededRoles(a), invitations: 1 });
  });

  it("an admin can rename and invite, and both are audited as the admin", async () => {
    const { admin } = a.users;
    const renamed = await asUser(db, admin, (tx) => rename(tx, a.id, "Renamed by admin"));
    expect(renamed.numUpdatedRows).toBe(1n);
    const inv = await asUser(db, admin, (tx) =>
      invite(tx, a.id, admin, `new-${uniq()}@invitee.test`, "admin"),
    );
    expect(await serviceView(db, a.id)).toEqual({
      name: "Renamed by admin",
      roles: seededRoles(a),
      invitations: 2,
    });
    const audit = await asService(db, (tx) =>
      tx
        .selectFrom("audit_log")
        .select(["action", "actor_id", "target_id"])
        .where("workspace_id", "=", a.id)
        .where("action", "in", ["workspace.renamed", "invitation.created"])
        .where("actor_id", "=", admin.id)
        .orderBy("id")
        .execute(),
    );
    expect(audit).toEqual([
      { action: "workspace.renamed", actor_id: admin.id, target_id: a.id },
      { action: "invitation.created", actor_id: admin.id, target_id: inv.id },
    ]);
  });

  it("the last owner can neither leave nor be demoted; with a second owner they can", async () => {
    const { owner } = a.users;
    const leave = await failure(() => asUser(db, owner, (tx) => removeMember(tx, a.id, owner.id)));
    const demote = await failure(() => asUser(db, owner, (tx) => setRole(tx, a.id, owner.id, "admin")));
    expect(leave).toMatchObject({ code: "23514", hint: "last_owner" });
    expect(demote).toMatchObject({ code: "23514", hint: "last_owner" });
    expect((await serviceView(db, a.id)).roles[owner.id]).toBe("owner");

    const c = await seedWorkspace(db, "handover");
    await asUser(db, c.users.owner, (tx) => setRole(tx, c.id, c.users.admin.id, "owner"));
    const left = await asUser(db, c.users.owner, (tx) => removeMember(tx, c.id, c.users.owner.id));
    expect(left.numDeletedRows).toBe(1n);
    expect((await serviceView(db, c.id)).roles).toEqual({
      [c.users.admin.id]: "owner",
      [c.users.member.id]: "member",
      [c.users.viewer.id]: "viewer",
    });
  });

  it("only the owner can delete the workspace", async () => {
    const d = await seedWorkspace(db, "doomed");
    for (const role of ["admin", "member", "viewer"] as const) {
      const res = await asUser(db, d.users[role], (tx) =>
        tx.deleteFrom("workspaces").where("id", "=", d.id).executeTakeFirstOrThrow(),
      );
      expect(res.numDeletedRows, role).toBe(0n);
    }
    expect((await serviceView(db, d.id)).name).toBe(d.name);
    const res = await asUser(db, d.users.owner, (tx) =>
      tx.deleteFrom("workspaces").where("id", "=", d.id).executeTakeFirstOrThrow(),
    );
    expect(res.numDeletedRows).toBe(1n);
    expect(await serviceView(db, d.id)).toEqual({ name: undefined, roles: {}, invitations: 0 });
    const tomb = await asService(db, (tx) =>
      tx
        .selectFrom("audit_log")
        .select(["actor_id"])
        .where("workspace_id", "=", d.id)
        .where("action", "=", "workspace.deleted")
        .execute(),
    );
    expect(tomb).toEqual([{ actor_id: d.users.owner.id }]);
  });
});

describe("accept_invitation", () => {
  async function pendingInvite(email: string, opts: { expired?: boolean } = {}) {
    const token = `tok-${uniq()}`;
    await asService(db, (tx) =>
      tx
        .insertInto("invitations")
        .values({
          workspace_id: a.id,
          email,
          role: "viewer",
          token_hash: sha256Hex(token),
          invited_by: a.users.admin.id,
          expires_at: opts.expired ? new Date(Date.now() - 60_000) : new Date(Date.now() + 3_600_000),
        })
        .execute(),
    );
    return token;
  }
  const roleIn = async (user: SeedUser) =>
    (
      await asService(db, (tx) =>
        tx
          .selectFrom("workspace_members")
          .select("role")
          .where("workspace_id", "=", a.id)
          .where("user_id", "=", user.id)
          .executeTakeFirst(),
      )
    )?.role;

  it("is refused for another email, accepted once for the right one, then spent", async () => {
    const invitee = await createUser(db, `invitee-${uniq()}`);
    const stranger = await createUser(db, `stranger-${uniq()}`);
    const token = await pendingInvite(invitee.email.toUpperCase());

    const wrong = await failure(() => acceptInvitation(db, stranger, token));
    expect(wrong).toMatchObject({ code: "42501", hint: "invitation_email_mismatch" });
    expect(await roleIn(stranger)).toBeUndefined();

    expect(await acceptInvitation(db, invitee, token)).toEqual([{ id: a.id }]);
    expect(await roleIn(invitee)).toBe("viewer");
    const seen = await asUser(db, invitee, (tx) => tx.selectFrom("workspaces").select("id").execute());
    expect(seen).toEqual([{ id: a.id }]);

    const again = await failure(() => acceptInvitation(db, invitee, token));
    expect(again).toMatchObject({ code: "P0002", hint: "invitation_invalid" });
  });

  it("an expired or unknown token is refused", async () => {
    const late = await createUser(db, `late-${uniq()}`);
    const token = await pendingInvite(late.email, { expired: true });
    expect(await failure(() => acceptInvitation(db, late, token))).toMatchObject({ code: "P0002" });
    expect(await failure(() => acceptInvitation(db, late, `nope-${uniq()}`))).toMatchObject({
      code: "P0002",
    });
    expect(await roleIn(late)).toBeUndefined();
  });

  it("a user without an email cannot accept someone else's invitation", async () => {
    const target = `target-${uniq()}@invitee.test`;
    const token = await pendingInvite(target);
    const noEmail = await createUser(db, "no-email", null);
    // Even a JWT that claims the invited address does not help: auth.users is what counts.
    noEmail.claims = { ...noEmail.claims, email: target };
    const res = await failure(() => acceptInvitation(db, noEmail, token));
    expect(res).toMatchObject({ code: "42501", hint: "invitation_email_mismatch" });
    expect(await roleIn(noEmail)).toBeUndefined();
  });
});
