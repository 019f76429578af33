import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrlFromEnv } from "../../test/db/workspace-kit";
import { createDb, type Database } from "./client";
import { runAsService, runAsUser } from "./rls";

// runAsUser/runAsService send BEGIN and the settings as one simple query and
// commit or roll back by hand: these pin down that they still behave as a transaction.

let db: Database;

beforeAll(async () => {
  // One connection, so a transaction left open would show in the very next call.
  db = createDb(databaseUrlFromEnv(), 1).db;
  // DDL as the pool's own (owner) role, outside `public` (whose tables must all have RLS).
  await sql`create schema if not exists rls_probe`.execute(db);
  await sql`grant usage on schema rls_probe to service_role`.execute(db);
  await sql`create table if not exists rls_probe.tx_probe (
    id text primary key,
    parent text references rls_probe.tx_probe (id) deferrable initially deferred)`.execute(db);
  await sql`grant all on rls_probe.tx_probe to service_role`.execute(db);
});

afterAll(async () => {
  await sql`drop schema if exists rls_probe cascade`.execute(db);
  await db.destroy();
});

const count = async (id: string) =>
  runAsService(
    "test:rls",
    async (tx) =>
      (
        await sql<{ n: number }>`select count(*)::int as n from rls_probe.tx_probe where id = ${id}`.execute(
          tx,
        )
      ).rows[0]?.n,
    db,
  );

describe("runAsUser / runAsService transactions", () => {
  it("pass claims with quotes and backslashes through intact, as the authenticated role", async () => {
    const claims = { sub: randomUUID(), role: "authenticated" as const, email: `o'brien\\x"@example.test` };
    const seen = await runAsUser(
      claims,
      async (tx) =>
        (
          await sql<{ claims: string; role: string; uid: string }>`
            select current_setting('request.jwt.claims') as claims, current_user as role, auth.uid()::text as uid`.execute(
            tx,
          )
        ).rows[0],
      db,
    );
    expect(JSON.parse(seen?.claims ?? "{}")).toEqual(claims);
    expect(seen?.role).toBe("authenticated");
    expect(seen?.uid).toBe(claims.sub);
  });

  it("commit what the callback wrote", async () => {
    const id = randomUUID();
    await runAsService(
      "test:rls",
      (tx) => sql`insert into rls_probe.tx_probe values (${id})`.execute(tx),
      db,
    );
    expect(await count(id)).toBe(1);
  });

  it("roll back when the callback throws, and leave the connection usable", async () => {
    const id = randomUUID();
    await expect(
      runAsService(
        "test:rls",
        async (tx) => {
          await sql`insert into rls_probe.tx_probe values (${id})`.execute(tx);
          throw new Error("boom");
        },
        db,
      ),
    ).rejects.toThrow("boom");
    expect(await count(id)).toBe(0);
    // Not stuck in a transaction, and the settings of the failed one are gone.
    const after = await runAsService(
      "test:rls",
      async (tx) =>
        (
          await sql<{
            claims: string | null;
          }>`select nullif(current_setting('request.jwt.claims', true), '') as claims`.execute(tx)
        ).rows[0]?.claims ?? null,
      db,
    );
    expect(after).toBeNull();
  });

  it("roll back when a statement fails, and the next transaction starts clean", async () => {
    const id = randomUUID();
    await expect(
      runAsService(
        "test:rls",
        async (tx) => {
          await sql`insert into rls_probe.tx_probe values (${id})`.execute(tx);
          await sql`insert into rls_probe.tx_probe values (${id})`.execute(tx); // duplicate key
        },
        db,
      ),
    ).rejects.toMatchObject({ code: "23505" });
    expect(await count(id)).toBe(0);
  });

  it("surface a failed COMMIT (deferred constraint) and keep nothing", async () => {
    const id = randomUUID();
    await expect(
      runAsService(
        "test:rls",
        (tx) => sql`insert into rls_probe.tx_probe (id, parent) values (${id}, 'missing')`.execute(tx),
        db,
      ),
    ).rejects.toMatchObject({ code: "23503" });
    expect(await count(id)).toBe(0);
  });
});
