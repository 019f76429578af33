import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { attackStatement, OPERATIONS, snapshotOfB, TABLE_CASES } from "./matrix-cases";
import {
  asService,
  asUser,
  attempt,
  createUser,
  openDb,
  ROLES,
  type SeedUser,
  type SeedWorkspace,
  seedWorkspace,
} from "./workspace-kit";

// Two workspaces with a user per role; every role of A tries every operation on
// every table against B's rows. B's rows are snapshotted through the service
// path around each attempt, so a write that "succeeds quietly" is caught too.

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;
let loner: SeedUser;
const leaks: string[] = [];
let casesRun = 0;

beforeAll(async () => {
  db = openDb();
  [a, b, loner] = await Promise.all([
    seedWorkspace(db, "iso-a"),
    seedWorkspace(db, "iso-b"),
    createUser(db, "loner"),
  ]);
});

afterAll(async () => {
  await db?.destroy();
});

describe("seed", () => {
  it("B holds rows in every table the matrix attacks", async () => {
    const counts = await asService(db, async (tx) =>
      Object.fromEntries(
        await Promise.all(TABLE_CASES.map(async (c) => [c.table, (await snapshotOfB(tx, c, b)).length])),
      ),
    );
    // 1 workspace; 4 members; 1 invitation; 4 profiles; workspace.created + 4 member.added +
    // invitation.created; then a session, refresh token and reset per user.
    expect(counts).toEqual({
      workspaces: 1,
      workspace_members: 4,
      invitations: 1,
      profiles: 4,
      audit_log: 6,
      auth_sessions: 4,
      auth_refresh_tokens: 4,
      password_resets: 4,
    });
  });

  it.each(ROLES)(
    "control: the %s of A reads A's workspace, its 4 members and their profiles",
    async (role) => {
      const seen = await asUser(db, a.users[role], async (tx) => ({
        workspaces: (await tx.selectFrom("workspaces").select("id").where("id", "=", a.id).execute()).length,
        members: (
          await tx
            .selectFrom("workspace_members")
            .select("user_id")
            .where("workspace_id", "=", a.id)
            .execute()
        ).length,
        profiles: (
          await tx
            .selectFrom("profiles")
            .select("id")
            .where(
              "id",
              "in",
              ROLES.map((r) => a.users[r].id),
            )
            .execute()
        ).length,
      }));
      expect(seen).toEqual({ workspaces: 1, members: 4, profiles: 4 });
    },
  );
});

describe.each(ROLES)("the %s of workspace A against workspace B", (role) => {
  describe.each(TABLE_CASES)("$table", (tableCase) => {
    it.each(OPERATIONS)("%s is refused", async (op) => {
      const actor = a.users[role];
      const before = await asService(db, (tx) => snapshotOfB(tx, tableCase, b));
      const outcome = await attempt(() =>
        asUser(db, actor, (tx) => attackStatement(tableCase, op, b, actor).execute(tx)),
      );
      const after = await asService(db, (tx) => snapshotOfB(tx, tableCase, b));
      casesRun += 1;
      const touched = outcome.kind === "rows" && outcome.count > 0;
      if (touched || JSON.stringify(after) !== JSON.stringify(before)) {
        leaks.push(`${role} ${tableCase.table} ${op}: ${JSON.stringify(outcome)}`);
      }
      expect(outcome).toEqual(tableCase.expected[op]);
      expect(after).toEqual(before);
      expect(before.length).toBeGreaterThan(0);
    });
  });
});

describe("matrix total", () => {
  it("0 cross-workspace reads or writes", () => {
    expect(casesRun).toBe(ROLES.length * TABLE_CASES.length * OPERATIONS.length);
    expect(leaks).toEqual([]);
  });
});

describe("profiles", () => {
  it("profiles of users who share no workspace are invisible", async () => {
    const outsiders = [loner.id, ...ROLES.map((r) => b.users[r].id)];
    for (const role of ROLES) {
      const visible = await asUser(db, a.users[role], (tx) =>
        tx.selectFrom("profiles").select("id").where("id", "in", outsiders).execute(),
      );
      expect(visible, role).toEqual([]);
    }
    const lonerSees = await asUser(db, loner, (tx) => tx.selectFrom("profiles").select("id").execute());
    expect(lonerSees).toEqual([{ id: loner.id }]);
  });

  it("a user edits only their own profile", async () => {
    const { viewer, owner } = a.users;
    const result = await asUser(db, viewer, async (tx) => ({
      own: (
        await tx
          .updateTable("profiles")
          .set({ display_name: "Viewer renamed" })
          .where("id", "=", viewer.id)
          .execute()
      )[0]?.numUpdatedRows,
      other: (
        await tx
          .updateTable("profiles")
          .set({ display_name: "Hijacked" })
          .where("id", "=", owner.id)
          .execute()
      )[0]?.numUpdatedRows,
    }));
    expect(result).toEqual({ own: 1n, other: 0n });
    const names = await asService(db, (tx) =>
      tx
        .selectFrom("profiles")
        .select(["id", "display_name"])
        .where("id", "in", [viewer.id, owner.id])
        .execute(),
    );
    expect(Object.fromEntries(names.map((n) => [n.id, n.display_name]))).toEqual({
      [viewer.id]: "Viewer renamed",
      [owner.id]: `owner of ${a.slug}`,
    });
  });
});

describe("raw SQL sanity", () => {
  it("runAsUser really runs as authenticated with the caller's uid", async () => {
    const who = await asUser(db, a.users.member, (tx) =>
      sql<{ role: string; uid: string }>`select current_user as role, auth.uid()::text as uid`.execute(tx),
    );
    expect(who.rows).toEqual([{ role: "authenticated", uid: a.users.member.id }]);
  });
});
