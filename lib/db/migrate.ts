import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const here = path.dirname(fileURLToPath(import.meta.url));
export const defaultMigrationsDir = path.resolve(here, "../../supabase/migrations");
const bootstrapFile = path.resolve(here, "bootstrap.sql");
const MIGRATION_NAME = /^(\d{14})_([a-z0-9_]+)\.sql$/;
// Any constant works; it keeps two processes from migrating at once.
const LOCK_KEY = 7_412_019_001;

export interface MigrationFile {
  version: string;
  name: string;
  file: string;
}

export interface MigrateResult {
  bootstrapped: boolean;
  applied: string[];
  skipped: number;
}

export async function listMigrations(dir = defaultMigrationsDir): Promise<MigrationFile[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  return files.map((f) => {
    const m = MIGRATION_NAME.exec(f);
    if (!m) throw new Error(`Migration file name must be <14 digits>_<snake_name>.sql: ${f}`);
    return { version: m[1] as string, name: m[2] as string, file: path.join(dir, f) };
  });
}

/** Supabase ships its own roles and auth schema; a plain Postgres gets ours. */
async function needsBootstrap(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ supabase: boolean }>(
    "select exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') as supabase",
  );
  return !rows[0]?.supabase;
}

/**
 * Applies pending migrations in order, each in its own transaction, recording
 * them in supabase_migrations.schema_migrations as the Supabase CLI does.
 */
export async function migrate(
  connectionString: string,
  opts: { dir?: string; log?: (msg: string) => void } = {},
): Promise<MigrateResult> {
  const log = opts.log ?? (() => {});
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [LOCK_KEY]);
    let bootstrapped = false;
    if (await needsBootstrap(client)) {
      await client.query(await readFile(bootstrapFile, "utf8"));
      bootstrapped = true;
    }
    await client.query(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text primary key, statements text[], name text
      );`);
    const { rows } = await client.query<{ version: string }>(
      "select version from supabase_migrations.schema_migrations",
    );
    const done = new Set(rows.map((r) => r.version));
    const applied: string[] = [];
    const all = await listMigrations(opts.dir);
    for (const m of all) {
      if (done.has(m.version)) continue;
      const body = await readFile(m.file, "utf8");
      await client.query("begin");
      try {
        await client.query(body);
        await client.query(
          "insert into supabase_migrations.schema_migrations (version, statements, name) values ($1, $2, $3)",
          [m.version, [body], m.name],
        );
        await client.query("commit");
      } catch (e) {
        await client.query("rollback");
        throw new Error(`Migration ${path.basename(m.file)} failed: ${(e as Error).message}`, { cause: e });
      }
      applied.push(`${m.version}_${m.name}`);
      log(`applied ${m.version}_${m.name}`);
    }
    return { bootstrapped, applied, skipped: all.length - applied.length };
  } finally {
    await client.query("select pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
