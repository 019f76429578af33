import type { Task } from "graphile-worker";
import { sql } from "kysely";
import type { Database } from "../../db/client";
import { runAsService } from "../../db/rls";

/** Rolls usage_daily up into usage_monthly for this and last month. */
export function refreshUsageMonthly(db: Database): Task {
  return async (_payload, helpers) => {
    const rows = await runAsService(
      "worker:usage-monthly",
      async (tx) =>
        (await sql<{ n: number }>`select private.refresh_usage_monthly() as n`.execute(tx)).rows[0]?.n,
      db,
    );
    helpers.logger.info(`refresh_usage_monthly: ${rows ?? 0} row(s)`);
  };
}
