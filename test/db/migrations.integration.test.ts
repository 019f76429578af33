import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMigrations, migrate } from "@/lib/db/migrate";
import { startThrowawayDb, type ThrowawayDb } from "@/lib/db/throwaway";

// Its own empty server, not the shared one: this file migrates from zero.

let server: ThrowawayDb;
let client: pg.Client;

beforeAll(async () => {
  server = await startThrowawayDb({ migrate: false });
  client = new pg.Client({ connectionString: server.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await server?.stop();
});

async function one<T>(text: string, values: unknown[] = []): Promise<T> {
  const { rows } = await client.query(text, values);
  return rows[0] as T;
}

describe("migrate() from an empty database", () => {
  it("starts from nothing", async () => {
    const state = await one<{ users: string | null; ledger: string | null; auth_role: string | null }>(
      `select to_regclass('auth.users')::text as users,
              to_regclass('supabase_migrations.schema_migrations')::text as ledger,
              (select rolname::text from pg_roles where rolname = 'authenticated') as auth_role`,
    );
    expect(state).toEqual({ users: null, ledger: null, auth_role: null });
  });

  it("bootstraps and applies every migration file, in order", async () => {
    const files = await listMigrations();
    expect(files.length).toBeGreaterThan(0);
    expect(await migrate(server.url)).toEqual({
      bootstrapped: true,
      applied: files.map((f) => `${f.version}_${f.name}`),
      skipped: 0,
    });
  });

  it("records one ledger row per file with its version and name", async () => {
    const files = await listMigrations();
    const { rows } = await client.query<{ version: string; name: string; statements: number }>(
      `select version, name, cardinality(statements) as statements
       from supabase_migrations.schema_migrations order by version`,
    );
    expect(rows).toEqual(files.map((f) => ({ version: f.version, name: f.name, statements: 1 })));
  });

  it("applies nothing the second time", async () => {
    const files = await listMigrations();
    const second = await migrate(server.url);
    expect(second.applied).toEqual([]);
    expect(second.skipped).toBe(files.length);
    const { count } = await one<{ count: number }>(
      "select count(*)::int as count from supabase_migrations.schema_migrations",
    );
    expect(count).toBe(files.length);
  });

  it("creates the foundation tables in public", async () => {
    const { rows } = await client.query<{ relname: string }>(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname`,
    );
    expect(rows.map((r) => r.relname)).toEqual(
      expect.arrayContaining([
        "audit_log",
        "auth_refresh_tokens",
        "auth_sessions",
        "invitations",
        "password_resets",
        "profiles",
        "workspace_members",
        "workspaces",
      ]),
    );
  });
});

describe("bootstrap objects", () => {
  it("creates the Supabase roles: only service_role bypasses RLS, none can log in", async () => {
    const { rows } = await client.query<{ rolname: string; rolbypassrls: boolean; rolcanlogin: boolean }>(
      `select rolname, rolbypassrls, rolcanlogin from pg_roles
       where rolname in ('anon', 'authenticated', 'service_role') order by rolname`,
    );
    expect(rows).toEqual([
      { rolname: "anon", rolbypassrls: false, rolcanlogin: false },
      { rolname: "authenticated", rolbypassrls: false, rolcanlogin: false },
      { rolname: "service_role", rolbypassrls: true, rolcanlogin: false },
    ]);
  });

  it("creates auth.users with Supabase's columns", async () => {
    const { rows } = await client.query<{ column_name: string }>(
      `select column_name from information_schema.columns
       where table_schema = 'auth' and table_name = 'users' order by column_name`,
    );
    expect(rows.map((r) => r.column_name)).toEqual([
      "created_at",
      "email",
      "email_confirmed_at",
      "encrypted_password",
      "id",
      "raw_app_meta_data",
      "raw_user_meta_data",
      "updated_at",
    ]);
  });

  async function withClaims<T>(claims: string, query: string): Promise<T> {
    await client.query("begin");
    try {
      await client.query("select set_config('request.jwt.claims', $1, true)", [claims]);
      return await one<T>(query);
    } finally {
      await client.query("rollback");
    }
  }

  it("auth.uid() returns the sub of request.jwt.claims", async () => {
    const sub = "6f1f2c4e-8a3b-4c5d-9e0f-1a2b3c4d5e6f";
    const claims = JSON.stringify({ sub, role: "authenticated", email: "uid@example.test" });
    const got = await withClaims<{ uid: string; role: string; email: string }>(
      claims,
      "select auth.uid()::text as uid, auth.role() as role, auth.email() as email",
    );
    expect(got).toEqual({ uid: sub, role: "authenticated", email: "uid@example.test" });
  });

  it("auth.uid() is null when the setting is an empty string or absent", async () => {
    const empty = await withClaims<{ uid: string | null; jwt: unknown }>(
      "",
      "select auth.uid() as uid, auth.jwt() as jwt",
    );
    expect(empty).toEqual({ uid: null, jwt: null });
    const absent = await one<{ uid: string | null }>("select auth.uid() as uid");
    expect(absent).toEqual({ uid: null });
  });

  it("lets the connecting user switch into each role, as runAsUser does", async () => {
    await client.query("begin");
    try {
      const roles: string[] = [];
      for (const role of ["anon", "authenticated", "service_role"]) {
        await client.query("select set_config('role', $1, true)", [role]);
        roles.push((await one<{ r: string }>("select current_user::text as r")).r);
      }
      expect(roles).toEqual(["anon", "authenticated", "service_role"]);
    } finally {
      await client.query("rollback");
    }
  });
});
