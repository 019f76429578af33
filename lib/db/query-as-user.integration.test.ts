import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, pgCode, type SeedWorkspace, seedWorkspace } from "../../test/db/workspace-kit";
import { closeDb, type Database, getDb, getPool } from "./client";
import { queryAsUser } from "./rls";

// queryAsUser sends the RLS settings and one statement as a single simple query:
// these pin down that it is the same RLS context as runAsUser, that nothing stays
// set on the pooled connection, and that inlined parameters arrive exactly.

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;

beforeAll(async () => {
  db = openDb();
  [a, b] = await Promise.all([seedWorkspace(db, "qau-a"), seedWorkspace(db, "qau-b")]);
});

afterAll(async () => {
  await db.destroy();
  await closeDb();
});

const q = <R>(claims: SeedWorkspace["users"]["owner"]["claims"], s: ReturnType<typeof sql.raw>) =>
  queryAsUser<R>(claims, s.compile(getDb()));

describe("queryAsUser", () => {
  it("runs under the caller's RLS: a member of A sees A's workspace and not B's", async () => {
    const rows = await queryAsUser<{ id: string }>(
      a.users.viewer.claims,
      getDb().selectFrom("workspaces").select("id").where("id", "in", [a.id, b.id]).compile(),
    );
    expect(rows.map((r) => r.id)).toEqual([a.id]);
    const who = await q<{ role: string; uid: string }>(
      a.users.viewer.claims,
      sql`select current_user::text as role, auth.uid()::text as uid`,
    );
    expect(who).toEqual([{ role: "authenticated", uid: a.users.viewer.id }]);
  });

  it("leaves nothing set on the pooled connection afterwards", async () => {
    for (let i = 0; i < 3; i++) {
      await q(a.users.owner.claims, sql`select 1`);
      // pg-pool hands out the connection released last: the same one.
      const { rows } = await getPool().query(
        "select current_user::text as role, coalesce(current_setting('request.jwt.claims', true), '') as claims",
      );
      expect(rows[0].role).not.toBe("authenticated");
      expect(rows[0].claims).toBe("");
    }
  });

  it("inlines parameters exactly: quotes, backslashes, $n text, newlines, unicode, numbers, null", async () => {
    const tricky = "it's \\ a $1 'quote' \n ünïcødé 🚀 $$ end";
    const [row] = await q<Record<string, unknown>>(
      a.users.owner.claims,
      sql`select ${tricky}::text as s, ${42}::int as n, ${-1.5}::float8 as f, ${true}::bool as t,
        ${null}::text as z, ${new Date("2026-01-02T03:04:05.678Z")}::timestamptz as d`,
    );
    expect(row).toEqual({
      s: tricky,
      n: 42,
      f: -1.5,
      t: true,
      z: null,
      d: new Date("2026-01-02T03:04:05.678Z"),
    });
  });

  it("refuses parameters it cannot inline, before sending anything", async () => {
    await expect(
      q(a.users.owner.claims, sql`select ${JSON.stringify([1])}::jsonb, ${[1, 2]}`),
    ).rejects.toThrow(TypeError);
    await expect(q(a.users.owner.claims, sql`select ${Number.NaN}::float8`)).rejects.toThrow(TypeError);
  });

  it("surfaces statement errors and RLS refusals, and the connection stays usable", async () => {
    const div = await q(a.users.owner.claims, sql`select 1 / 0`).catch((e) => pgCode(e));
    expect(div).toBe("22012");
    // A viewer cannot create an agent (RLS with check): nothing is written.
    const name = `qau-${Date.now()}`;
    const refused = await q(
      a.users.viewer.claims,
      sql`insert into public.agents (workspace_id, name) values (${a.id}::uuid, ${name})`,
    ).catch((e) => pgCode(e));
    expect(refused).toBe("42501");
    const stored = await db.selectFrom("agents").select("id").where("name", "=", name).execute();
    expect(stored).toEqual([]);
    expect(await q<{ ok: number }>(a.users.owner.claims, sql`select 1 as ok`)).toEqual([{ ok: 1 }]);
  });
});
