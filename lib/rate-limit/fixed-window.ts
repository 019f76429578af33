import { sql } from "kysely";
import { getDb } from "../db/client";
import { AppError } from "../errors";

export interface RateLimitRule {
  /** Bucket name plus the caller's key, e.g. `sign-in:ip:1.2.3.4`. */
  key: string;
  max: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  hits: number;
  retryAfterSeconds: number;
}

/** Counts one hit in a fixed window kept in Postgres, so every app process shares it. */
export async function hitRateLimit(rule: RateLimitRule): Promise<RateLimitResult> {
  // One autocommit statement: the security definer function is atomic by itself, and a
  // BEGIN/COMMIT around it would cost two more round trips on every limited request.
  const { rows } = await sql<{ allowed: boolean; hits: number; retry_after_seconds: number }>`
    select * from private.rate_limit_hit(${rule.key}, ${rule.windowSeconds}, ${rule.max})`.execute(getDb());
  const row = rows[0];
  if (!row) throw new Error("rate_limit_hit returned no row");
  return { allowed: row.allowed, hits: row.hits, retryAfterSeconds: row.retry_after_seconds };
}

/** Throws `rate_limited` (429) once any rule is exhausted. */
export async function enforceRateLimits(rules: RateLimitRule[]): Promise<void> {
  for (const rule of rules) {
    const result = await hitRateLimit(rule);
    if (!result.allowed) {
      throw new AppError("rate_limited", "Too many attempts. Try again shortly.", {
        retryAfterSeconds: Math.max(1, result.retryAfterSeconds),
      });
    }
  }
}
