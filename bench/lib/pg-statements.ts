import { writeFile } from "node:fs/promises";
import { sql } from "kysely";
import type { Database } from "../../lib/db/client";

/**
 * With BENCH_PG_STATEMENTS=1 the throwaway database loads pg_stat_statements
 * (lib/db/embedded-server.ts): reset before the measured phase, and written to
 * bench/results/<name>.statements.txt after it, heaviest first, per operation.
 */
export const statementsEnabled = () => process.env.BENCH_PG_STATEMENTS === "1";

export async function resetStatements(db: Database): Promise<void> {
  if (!statementsEnabled()) return;
  await sql`create extension if not exists pg_stat_statements`.execute(db);
  await sql`select pg_stat_statements_reset()`.execute(db);
}

export async function writeStatements(db: Database, name: string, ops: number): Promise<void> {
  if (!statementsEnabled()) return;
  const { rows } = await sql<{ calls: number; ms: number; query: string }>`
    select calls::int, (total_exec_time + total_plan_time)::float8 as ms, query from pg_stat_statements
     where query not ilike '%pg_stat_statements%' order by 2 desc limit 40`.execute(db);
  const total = rows.reduce((a, r) => a + r.ms, 0);
  const lines = rows.map(
    (r) =>
      `${(r.ms / ops).toFixed(3)} ms/op  ${(r.calls / ops).toFixed(2)} calls/op  ${r.query.replace(/\s+/g, " ").slice(0, 220)}`,
  );
  await writeFile(
    `bench/results/${name}.statements.txt`,
    [
      `total ${(total / ops).toFixed(3)} ms/op over ${ops} ops (top 40, planning + execution, includes nested statements)`,
      ...lines,
    ].join("\n"),
  );
}
