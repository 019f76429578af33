import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

// Builds a database from supabase/schemas/ the way the Supabase CLI reads that
// folder: every .sql file, in lexical order, on top of what Supabase provides
// (here the same stand-ins the migration runner bootstraps on plain PostgreSQL).

export const schemasDir = path.resolve(import.meta.dirname, "../../supabase/schemas");
const bootstrapFile = path.resolve(import.meta.dirname, "../../lib/db/bootstrap.sql");

export async function listSchemaFiles(dir = schemasDir): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
}

/** Applies the bootstrap, then each schema file in its own transaction; names the file that fails. */
export async function applySchemaFiles(connectionString: string, dir = schemasDir): Promise<string[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(await readFile(bootstrapFile, "utf8"));
    const files = await listSchemaFiles(dir);
    for (const file of files) {
      const body = await readFile(path.join(dir, file), "utf8");
      // Each file stands alone: a setting one file makes does not reach the next.
      await client.query("reset all");
      await client.query("begin");
      try {
        await client.query(body);
        await client.query("commit");
      } catch (e) {
        await client.query("rollback");
        throw new Error(`supabase/schemas/${file} failed: ${(e as Error).message}`, { cause: e });
      }
    }
    return files;
  } finally {
    await client.end();
  }
}

/**
 * The schema file that declares the object a snapshot key names (its table,
 * for columns, constraints, policies and triggers), to point a failing check
 * at the file to edit. Undefined when no file declares it.
 */
export async function declaringFile(key: string, dir = schemasDir): Promise<string | undefined> {
  const [section = "", name = ""] = key.split(" ", 2);
  const parts = name.split(".");
  const table = parts.slice(0, 2).join(".");
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const patterns: Record<string, RegExp> = {
    relation: new RegExp(`create (?:unlogged )?table ${literal(name)}\\b`),
    column: new RegExp(`create (?:unlogged )?table ${literal(table)}\\b`),
    constraint: new RegExp(`create (?:unlogged )?table ${literal(table)}\\b`),
    policy: new RegExp(`create policy ${literal(parts[2] ?? "")} on ${literal(table)}\\b`),
    trigger: new RegExp(`create (?:constraint )?trigger ${literal(parts[2] ?? "")}\\b`),
    index: new RegExp(`index (?:if not exists )?${literal(parts[1] ?? "")}\\b`),
    function: new RegExp(`function ${literal(name.split("(")[0] ?? "")}\\(`),
    type: new RegExp(`create type ${literal(name)}\\b`),
  };
  const pattern = patterns[section];
  if (!pattern) return undefined;
  for (const file of await listSchemaFiles(dir)) {
    if (pattern.test(await readFile(path.join(dir, file), "utf8"))) return file;
  }
  return undefined;
}
