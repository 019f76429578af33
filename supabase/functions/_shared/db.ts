// One small pool per function instance. Supabase gives the function
// SUPABASE_DB_URL; locally (scripts/functions-serve.ts) it is DATABASE_URL.
import pg from "pg";

let pool: pg.Pool | undefined;

export function db(): pg.Pool {
  if (!pool) {
    const url = Deno.env.get("SUPABASE_DB_URL") ?? Deno.env.get("DATABASE_URL");
    if (!url) throw new Error("SUPABASE_DB_URL (or DATABASE_URL) is not set");
    pool = new pg.Pool({ connectionString: url, max: Number(Deno.env.get("FLOWS_DB_POOL_MAX") ?? 4) });
  }
  return pool;
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}
