import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { env } from "../env";
import { logger } from "../logger";
import type { DB } from "./types";

export type Database = Kysely<DB>;

interface DbState {
  pool: pg.Pool;
  db: Database;
}

// Kept on globalThis so Next's dev reloads do not open a new pool per edit.
const store = globalThis as unknown as { __switchboardDb?: DbState };

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set. Start through `npm run dev` / `npm start` (embedded Postgres) or set it.",
    );
  }
  return url;
}

export function createDb(
  connectionString: string,
  max = env().DATABASE_POOL_MAX,
  opts: { asyncCommit?: boolean } = {},
): DbState {
  const pool = new pg.Pool({
    connectionString,
    max,
    idleTimeoutMillis: 30_000,
    ...(opts.asyncCommit ? { options: "-c synchronous_commit=off" } : {}),
  });
  // An idle connection the server dropped (a database restart, a failover) is an 'error' event on the
  // pool; unhandled, it would end the process. The pool discards that client and connects anew.
  pool.on("error", (err) =>
    logger.warn({ err: err.message }, "db: an idle connection was lost; the pool replaces it"),
  );
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { pool, db };
}

function state(): DbState {
  store.__switchboardDb ??= createDb(databaseUrl());
  return store.__switchboardDb;
}

/** The raw pool: for the RLS/service runners, LISTEN and the worker only. */
export function getPool(): pg.Pool {
  return state().pool;
}

export function getDb(): Database {
  return state().db;
}

export async function closeDb(): Promise<void> {
  const s = store.__switchboardDb;
  store.__switchboardDb = undefined;
  if (s) await s.db.destroy();
}
