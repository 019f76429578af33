import { sql, type Transaction } from "kysely";
import { type Database, getDb } from "./client";
import type { DB } from "./types";

export type Tx = Transaction<DB>;

/** Supabase-shaped JWT claims; the same object the RLS policies read. */
export interface JwtClaims {
  sub: string;
  role: "authenticated";
  email?: string;
  aud?: string | string[];
  session_id?: string;
  [claim: string]: unknown;
}

/**
 * The one way user-facing code touches the database: a transaction that sets
 * `request.jwt.claims` and switches to the `authenticated` role, exactly as
 * PostgREST does, so row-level security decides what the caller may see.
 */
export async function runAsUser<T>(
  claims: JwtClaims,
  fn: (tx: Tx) => Promise<T>,
  db: Database = getDb(),
): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true),
                     set_config('role', 'authenticated', true)`.execute(tx);
    return fn(tx);
  });
}

/**
 * The one named way around RLS (service_role has BYPASSRLS): migrations' seed,
 * the worker, auth bookkeeping and signed webhooks. `reason` documents the call site.
 */
export async function runAsService<T>(
  reason: string,
  fn: (tx: Tx) => Promise<T>,
  db: Database = getDb(),
): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('role', 'service_role', true),
                     set_config('application_name', ${`service:${reason}`.slice(0, 63)}, true)`.execute(tx);
    return fn(tx);
  });
}
