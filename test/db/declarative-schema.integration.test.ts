import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { startThrowawayDb, type ThrowawayDb } from "@/lib/db/throwaway";
import { applySchemaFiles, declaringFile, listSchemaFiles } from "./declarative-schema-kit";
import { diffSnapshots, type SchemaSnapshot, schemaSnapshot } from "./schema-snapshot-kit";

// supabase/schemas/ is the readable picture of the schema; supabase/migrations/
// is what deployments run. Two fresh databases, one built each way, must come
// out the same, object by object. The shared integration database is not used:
// tests create partitions and rows in it.

const labels = { left: "supabase/migrations", right: "supabase/schemas" };

let server: ThrowawayDb;
let fromMigrations: pg.Client;
let fromSchemas: pg.Client;
let migrated: SchemaSnapshot;
let declared: SchemaSnapshot;

function databaseUrl(base: string, database: string): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

beforeAll(async () => {
  server = await startThrowawayDb({ migrate: false });
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query("create database from_migrations");
  await admin.query("create database from_schemas");
  await admin.end();
  const migrationsUrl = databaseUrl(server.url, "from_migrations");
  const schemasUrl = databaseUrl(server.url, "from_schemas");
  await migrate(migrationsUrl);
  await applySchemaFiles(schemasUrl);
  fromMigrations = new pg.Client({ connectionString: migrationsUrl });
  fromSchemas = new pg.Client({ connectionString: schemasUrl });
  await fromMigrations.connect();
  await fromSchemas.connect();
  migrated = await schemaSnapshot(fromMigrations);
  declared = await schemaSnapshot(fromSchemas);
});

afterAll(async () => {
  await fromMigrations?.end();
  await fromSchemas?.end();
  await server?.stop();
});

describe("supabase/schemas/", () => {
  it("is read in a fixed order: <two digits>_<domain>.sql", async () => {
    const files = await listSchemaFiles();
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(f).toMatch(/^\d{2}_[a-z0-9_]+\.sql$/);
  });

  it("builds the same schema as the migrations", async () => {
    const diffs = await Promise.all(
      diffSnapshots(migrated, declared, labels).map(async (d) => {
        const file = await declaringFile(d.split(":")[0] ?? "");
        return file ? `${d}\n    (declared in supabase/schemas/${file})` : d;
      }),
    );
    if (diffs.length > 0) {
      throw new Error(
        `supabase/schemas/ and supabase/migrations/ differ in ${diffs.length} object(s). A schema change ` +
          "is a new migration AND the same change in the domain's file under supabase/schemas/.\n\n" +
          diffs.join("\n\n"),
      );
    }
    expect(declared.size).toBe(migrated.size);
  });

  it("compares every kind of object the schema has", () => {
    const count = (section: string) => [...migrated.keys()].filter((k) => k.startsWith(`${section} `)).length;
    for (const section of [
      "schema",
      "extension",
      "type",
      "relation",
      "column",
      "constraint",
      "index",
      "sequence",
      "policy",
      "function",
      "trigger",
      "default-privilege",
      "reference-row",
    ]) {
      expect(count(section), section).toBeGreaterThan(0);
    }
    // Grants are part of each object's entry: a table's, a column's, a function's.
    expect(migrated.get("relation public.api_keys")).toContain("service_role:");
    expect(migrated.get("column public.api_keys.secret_hash")).toBeDefined();
    expect(migrated.get("column public.api_keys.name")).toContain("authenticated:");
    expect(migrated.get("function private.authenticate_api_key(p_secret_hash text)")).toContain(
      "service_role:EXECUTE",
    );
  });

  it("names each object that drifts, and how", async () => {
    await fromSchemas.query("begin");
    try {
      await fromSchemas.query(`
        alter policy agents_delete on public.agents
          using (workspace_id in (select private.my_workspace_ids('member')));
        revoke update (title) on public.conversations from authenticated;
        create or replace function private.ttft_bounds() returns int[]
          language sql immutable set search_path = '' as $$ select array[1, 2, 3] $$;
        drop index public.agents_workspace_idx;
        alter table public.products alter column currency set default 'EUR';
        create trigger audit_log_touch before update on public.audit_log
          for each row execute function private.touch_updated_at();
        comment on table public.agents is 'An AI agent';`);
      // Against this database's own snapshot, so only the changes above show.
      const drifted = diffSnapshots(declared, await schemaSnapshot(fromSchemas), labels);
      expect(drifted.map((d) => d.split(":")[0])).toEqual([
        "column public.conversations.title",
        "column public.products.currency",
        "comment table agents",
        "function private.ttft_bounds()",
        "index public.agents_workspace_idx",
        "policy public.agents.agents_delete",
        "trigger public.audit_log.audit_log_touch",
      ]);
      const text = drifted.join("\n");
      expect(text).toContain("supabase/migrations: PERMISSIVE for DELETE to authenticated using");
      expect(text).toContain("my_workspace_ids('member'::workspace_role)");
      expect(text).toContain("only in supabase/migrations");
      expect(text).toContain("only in supabase/schemas");
      expect(text).toContain("default 'EUR'::text");
      // ...and which file to edit.
      expect(await declaringFile("policy public.agents.agents_delete")).toBe("40_agents.sql");
      expect(await declaringFile("column public.products.currency")).toBe("70_catalog.sql");
      expect(await declaringFile("function private.ttft_bounds()")).toBe("60_usage.sql");
      expect(await declaringFile("index public.agents_workspace_idx")).toBe("40_agents.sql");
      expect(await declaringFile("trigger public.messages.messages_account_usage")).toBe("60_usage.sql");
      expect(await declaringFile("trigger public.audit_log.audit_log_touch")).toBeUndefined();
    } finally {
      await fromSchemas.query("rollback");
    }
  });
});
