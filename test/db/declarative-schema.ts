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
