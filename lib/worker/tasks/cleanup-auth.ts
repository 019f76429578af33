import type { Task } from "graphile-worker";
import { sql } from "kysely";
import type { Database } from "../../db/client";
import { runAsService } from "../../db/rls";

/** Drops expired refresh tokens, old revoked sessions, used reset links and stale rate-limit windows. */
export function cleanupAuth(db: Database): Task {
  return async (_payload, helpers) => {
    const counts = await runAsService(
      "worker:cleanup-auth",
      async (tx) => {
        const tokens = await tx
          .deleteFrom("auth_refresh_tokens")
          .where((eb) =>
            eb.or([
              eb("expires_at", "<", new Date()),
              eb("used_at", "<", sql<Date>`now() - interval '1 day'`),
            ]),
          )
          .executeTakeFirst();
        const sessions = await tx
          .deleteFrom("auth_sessions")
          .where("revoked_at", "<", sql<Date>`now() - interval '30 days'`)
          .executeTakeFirst();
        const resets = await tx
          .deleteFrom("password_resets")
          .where("expires_at", "<", sql<Date>`now() - interval '1 day'`)
          .executeTakeFirst();
        await sql`delete from private.rate_limits where window_start < now() - interval '1 day'`.execute(tx);
        return {
          tokens: Number(tokens.numDeletedRows),
          sessions: Number(sessions.numDeletedRows),
          resets: Number(resets.numDeletedRows),
        };
      },
      db,
    );
    helpers.logger.info(`cleanup_auth: ${JSON.stringify(counts)}`);
  };
}
