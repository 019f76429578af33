import { randomUUID } from "node:crypto";
import { quickAddJob, type Runner } from "graphile-worker";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "../db/client";
import { runAsService } from "../db/rls";
import { crontab, startWorker } from ".";

const url = process.env.DATABASE_URL as string;
let runner: Runner;

beforeAll(async () => {
  runner = await startWorker({ connectionString: url, db: getDb(), concurrency: 1 });
});

afterAll(async () => {
  await runner.stop();
  await closeDb();
});

async function until(check: () => Promise<boolean>, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("condition not met in time");
}

describe("background worker", () => {
  it("runs cleanup_auth from the queue: expired tokens go, live ones stay", async () => {
    const ids = await runAsService("test:seed", async (tx) => {
      const user = await tx
        .insertInto("auth.users")
        .values({ email: `worker-${randomUUID()}@example.test` })
        .returning("id")
        .executeTakeFirstOrThrow();
      const session = await tx
        .insertInto("auth_sessions")
        .values({ user_id: user.id })
        .returning("id")
        .executeTakeFirstOrThrow();
      const rows = await tx
        .insertInto("auth_refresh_tokens")
        .values([
          {
            session_id: session.id,
            user_id: user.id,
            token_hash: randomUUID(),
            expires_at: new Date(Date.now() - 60_000),
          },
          {
            session_id: session.id,
            user_id: user.id,
            token_hash: randomUUID(),
            expires_at: new Date(Date.now() + 86_400_000),
          },
        ])
        .returning("id")
        .execute();
      return rows.map((r) => String(r.id));
    });

    await quickAddJob({ connectionString: url }, "cleanup_auth", {});
    const remaining = async () =>
      (await getDb().selectFrom("auth_refresh_tokens").select("id").where("id", "in", ids).execute()).map(
        (r) => String(r.id),
      );
    await until(async () => (await remaining()).length === 1);
    expect(await remaining()).toEqual([ids[1]]);
  });

  it("registers its cron schedule with graphile-worker", async () => {
    expect(crontab).toMatch(/cleanup_auth/);
    await until(async () => {
      const { rows } = await sql<{
        identifier: string;
      }>`select identifier from graphile_worker._private_known_crontabs`.execute(getDb());
      return rows.some((r) => r.identifier === "cleanup_auth");
    });
  });
});
