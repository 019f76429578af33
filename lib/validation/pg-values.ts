import { z } from "zod";

/**
 * Validation shared by every domain, so each input is bounded the same way
 * before it reaches the database (where a surprise is a 500, not a 400).
 */

/** PostgreSQL `text` cannot hold U+0000: such input would fail in the database, not in validation. */
export const hasNul = (s: string): boolean => s.includes("\u0000");

/** A string that PostgreSQL `text` can store (no NUL character); chain .trim()/.min()/.max() as usual. */
export const pgText = () => z.string().refine((s) => !hasNul(s), "Must not contain a NUL character.");

/** Largest `int` (int4): integer positions such as message indexes. */
export const PG_INT_MAX = 2_147_483_647;

const INT8_MAX = 9_223_372_036_854_775_807n;

/** A decimal string that fits a positive PostgreSQL `bigint` (ids in keyset cursors). */
export function isBigintText(s: string): boolean {
  return /^\d{1,19}$/.test(s) && BigInt(s) <= INT8_MAX;
}

/**
 * Microseconds since the epoch that stand for a real timestamp (years 1653 to
 * 2286): keyset cursors carry these as text, and a value far outside the
 * range PostgreSQL's timestamps handle must be refused here, not by the query.
 */
export function isEpochMicrosText(s: string, { signed = false } = {}): boolean {
  return (signed ? /^-?\d{1,16}$/ : /^\d{1,16}$/).test(s);
}
