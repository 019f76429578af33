import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDb, pgCode, type SeedWorkspace, seedWorkspace } from "../../test/db/workspace-kit";
import { isAppError, toAppError } from "../errors";
import { closeDb, type Database, getDb } from "./client";
import { queryAsUser, runAsService, runAsUser } from "./rls";

// A tiny limit keeps the test fast; env() is read (and cached) after this runs.
vi.hoisted(() => {
  process.env.USER_STATEMENT_TIMEOUT_MS = "150";
});

let db: Database;
let ws: SeedWorkspace;

beforeAll(async () => {
  db = openDb();
  ws = await seedWorkspace(db, "stmt-timeout");
});

afterAll(async () => {
  await db.destroy();
  await closeDb();
});

async function failureOf(run: () => Promise<unknown>) {
  const started = Date.now();
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: Date.now() - started };
}

describe("statement_timeout for user queries", () => {
  it("cancels a slow statement in runAsUser, and it maps to a typed 503", async () => {
    const { error, ms } = await failureOf(() =>
      runAsUser(ws.users.member.claims, (tx) => sql`select pg_sleep(5)`.execute(tx)),
    );
    expect(pgCode(error)).toBe("57014");
    expect(ms).toBeLessThan(3000);
    const app = toAppError(error);
    expect(isAppError(app) && app.code).toBe("unavailable");
    expect(app.status).toBe(503);
  });

  it("cancels a slow statement in queryAsUser (one round trip)", async () => {
    const { error, ms } = await failureOf(() =>
      queryAsUser(ws.users.member.claims, sql`select pg_sleep(5)`.compile(getDb())),
    );
    expect(pgCode(error)).toBe("57014");
    expect(ms).toBeLessThan(3000);
  });

  it("leaves quick statements alone and does not apply to the service path", async () => {
    await expect(
      runAsUser(ws.users.member.claims, (tx) => sql`select pg_sleep(0.01)`.execute(tx)),
    ).resolves.toBeDefined();
    await expect(
      runAsService("test:slow", (tx) => sql`select pg_sleep(0.3)`.execute(tx)),
    ).resolves.toBeDefined();
  });
});
