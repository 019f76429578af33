import type { Task } from "graphile-worker";
import { sql } from "kysely";
import type { Database } from "../../db/client";
import { runAsService } from "../../db/rls";

/** Keeps the next months' message partitions in place (the DEFAULT partition catches the rest). */
export function maintainPartitions(db: Database): Task {
  return async (_payload, helpers) => {
    const created = await ensureMessagePartitions(db);
    helpers.logger.info(`maintain_partitions: ${created} partition(s) created`);
  };
}

export async function ensureMessagePartitions(db: Database, monthsAhead = 3): Promise<number> {
  return runAsService(
    "worker:partitions",
    async (tx) => {
      const { rows } = await sql<{
        n: number;
      }>`select private.ensure_message_partitions(${monthsAhead}) as n`.execute(tx);
      return rows[0]?.n ?? 0;
    },
    db,
  );
}
