import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrlFromEnv, uniq } from "./workspace-kit";

// Every table in `public` is reachable through the Data API, so each one must
// have row-level security enabled AND forced (the table owner obeys it too),
// and a policy: or be one of the few tables only the service path touches.

/** Tables with RLS on and deliberately no policy: no end-user role can read or write them. */
// inbox_secrets: channel credentials; members see only their masked hints, through the inbox API.
const SERVICE_ONLY = ["auth_refresh_tokens", "password_resets", "inbox_secrets"];

interface TableRls {
  relname: string;
  relkind: string;
  rls: boolean;
  forced: boolean;
  policies: number;
}

let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: databaseUrlFromEnv() });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
});

async function publicTables(): Promise<TableRls[]> {
  const { rows } = await client.query<TableRls>(
    `select c.relname::text as relname, c.relkind::text as relkind,
            c.relrowsecurity as rls, c.relforcerowsecurity as forced,
            (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p')
     order by c.relname`,
  );
  return rows;
}

/** Tables that do not have RLS both enabled and forced. */
const withoutRls = (tables: TableRls[]) =>
  tables.filter((t) => !(t.rls && t.forced)).map((t) => `${t.relname} (rls=${t.rls}, force=${t.forced})`);

/** Tables with no policy that are not on the service-only allow-list. */
const withoutPolicy = (tables: TableRls[]) =>
  tables.filter((t) => t.policies === 0 && !SERVICE_ONLY.includes(t.relname)).map((t) => t.relname);

describe("row-level security coverage of schema public", () => {
  it("sees the foundation tables (the check is not vacuous)", async () => {
    const names = (await publicTables()).map((t) => t.relname);
    expect(names).toEqual(
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

  it("every ordinary and partitioned table has RLS enabled and forced", async () => {
    expect(withoutRls(await publicTables())).toEqual([]);
  });

  it("every table has a policy, unless it is on the service-only allow-list", async () => {
    expect(withoutPolicy(await publicTables())).toEqual([]);
  });

  it("service-only tables exist, have no policy and grant nothing to anon or authenticated", async () => {
    const { rows } = await client.query<{
      relname: string;
      policies: number;
      anon: boolean;
      authed: boolean;
    }>(
      `select c.relname::text as relname,
              (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies,
              has_table_privilege('anon', c.oid, 'select,insert,update,delete,truncate,references,trigger') as anon,
              has_table_privilege('authenticated', c.oid, 'select,insert,update,delete,truncate,references,trigger')
                as authed
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relname = any($1) order by c.relname`,
      [SERVICE_ONLY],
    );
    expect(rows).toEqual(
      [...SERVICE_ONLY].sort().map((relname) => ({ relname, policies: 0, anon: false, authed: false })),
    );
  });

  it("flags a new table that forgets RLS or policies (checked on a rolled-back canary)", async () => {
    const plain = `rls_canary_${uniq()}`;
    const parted = `rls_canary_parted_${uniq()}`;
    await client.query("begin");
    try {
      await client.query(`create table public.${plain} (id int primary key)`);
      await client.query(`create table public.${parted} (id int not null) partition by range (id)`);
      const canaries = (list: string[]) => list.filter((x) => x.startsWith("rls_canary_")).sort();
      const before = await publicTables();
      expect(canaries(withoutRls(before))).toEqual(
        [plain, parted].sort().map((name) => `${name} (rls=false, force=false)`),
      );
      expect(canaries(withoutPolicy(before))).toEqual([plain, parted].sort());

      // Enabled but not forced still fails; forced without a policy still fails the policy check.
      await client.query(`alter table public.${plain} enable row level security`);
      expect(withoutRls(await publicTables())).toContain(`${plain} (rls=true, force=false)`);
      await client.query(`alter table public.${plain} force row level security`);
      const after = await publicTables();
      expect(withoutRls(after)).not.toContain(expect.stringContaining(`${plain} `));
      expect(withoutPolicy(after)).toContain(plain);
    } finally {
      await client.query("rollback");
    }
    const gone = (await publicTables()).filter((t) => t.relname === plain || t.relname === parted);
    expect(gone).toEqual([]);
  });
});
