import { type Kysely, sql, type Transaction } from "kysely";
import pg from "pg";
import { env } from "../env";
import { logger } from "../logger";
import { type Database, getDb, getPool } from "./client";
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
 * A transaction whose BEGIN and settings travel in one round trip: one simple
 * query `begin; select set_config(...)` instead of BEGIN, then the settings.
 * Every request opens at least one of these, so the saved round trip counts
 * (parameters would force the extended protocol, which allows one statement
 * per message; hence literals, escaped by the driver's own `escapeLiteral`).
 */
async function transactionWith<T>(db: Database, settings: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn: Kysely<DB>) => {
    // Same query API as Kysely's Transaction; only nesting (.transaction()) differs, which no caller uses.
    const tx = conn as unknown as Tx;
    let result: T;
    try {
      // Inside the try: a failure after BEGIN must not hand the connection back mid-transaction.
      await sql.raw(`begin; select ${settings}`).execute(conn);
      result = await fn(tx);
    } catch (e) {
      try {
        await sql.raw("rollback").execute(conn);
      } catch (rollbackError) {
        // The connection is likely gone; the pool discards it. The caller's error is the one that matters.
        logger.warn({ err: rollbackError }, "db: rollback after a failed transaction failed");
      }
      throw e;
    }
    // A failed COMMIT (a deferred constraint) rolls back by itself and throws here.
    await sql.raw("commit").execute(conn);
    return result;
  });
}

const literal = (value: string) => pg.escapeLiteral(value);

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
  return transactionWith(db, userSettings(claims), fn);
}

/**
 * The caller's RLS context, and time limits so one user's slow query (or a
 * transaction left open) cannot hold a connection for everyone else: the
 * statement is cancelled (57014, mapped to 503 `unavailable`) after
 * USER_STATEMENT_TIMEOUT_MS. `true`: local to this transaction.
 */
function userSettings(claims: JwtClaims): string {
  const ms = userStatementTimeoutMs();
  return [
    `set_config('request.jwt.claims', ${literal(JSON.stringify(claims))}, true)`,
    `set_config('role', 'authenticated', true)`,
    `set_config('statement_timeout', '${ms}', true)`,
    `set_config('idle_in_transaction_session_timeout', '${Math.max(ms, 1000) * 3}', true)`,
  ].join(", ");
}

function userStatementTimeoutMs(): number {
  try {
    return env().USER_STATEMENT_TIMEOUT_MS;
  } catch {
    // Scripts that run without a full environment keep a safe default.
    return 10_000;
  }
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
  return transactionWith(
    db,
    `set_config('role', 'service_role', true), set_config('application_name', ${literal(`service:${reason}`.slice(0, 63))}, true)`,
    fn,
  );
}

/** A statement with its parameters, as `sql\`…\`.compile(db)` or a query builder's `.compile()` gives it. */
export interface StatementText {
  sql: string;
  parameters: readonly unknown[];
}

/** A parameter as a SQL literal. Only scalar types: anything else must go through runAsUser. */
function inlineParameter(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return literal(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("queryAsUser: non-finite number parameter");
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return literal(value.toISOString());
  throw new TypeError(`queryAsUser: unsupported parameter type ${typeof value}`);
}

/**
 * One statement under the caller's RLS in ONE round trip, for the hot paths
 * that run a single statement per request. The settings and the statement go
 * as one simple-protocol query, which PostgreSQL runs as one implicit
 * transaction, so `set_config(..., true)` covers exactly this statement and is
 * undone with it: the same RLS context as runAsUser, without BEGIN and COMMIT
 * as round trips of their own. The simple protocol takes no parameters, so
 * they are inlined as literals escaped by the driver (scalars only).
 */
export async function queryAsUser<R>(claims: JwtClaims, statement: StatementText): Promise<R[]> {
  return oneRoundTrip(`select ${userSettings(claims)}`, statement);
}

/**
 * queryAsUser's one-round-trip statement as service_role: the writes only the
 * server may make (a reply's output and usage). The caller passes the tenant
 * explicitly in the statement, as with runAsService.
 */
export async function queryAsService<R>(reason: string, statement: StatementText): Promise<R[]> {
  return oneRoundTrip(
    `select set_config('role', 'service_role', true), set_config('application_name', ${literal(`service:${reason}`.slice(0, 63))}, true)`,
    statement,
  );
}

/** Settings and one statement as one simple-protocol query: one implicit transaction, one round trip. */
async function oneRoundTrip<R>(settings: string, statement: StatementText): Promise<R[]> {
  const text = statement.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= statement.parameters.length) throw new RangeError(`queryAsUser: no parameter $${n}`);
    return inlineParameter(statement.parameters[i]);
  });
  const results = (await getPool().query(`${settings};\n${text}`)) as unknown as pg.QueryResult[];
  return (results[1]?.rows ?? []) as R[];
}
