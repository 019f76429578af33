import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { attemptRolledBack, type ChatWorkspace, seedChat } from "./chat-kit";
import {
  CHAT_TABLE_CASES,
  chatSnapshot,
  chatStatement,
  expectedAcross,
  expectedWithin,
} from "./chat-matrix-cases";
import { OPERATIONS } from "./matrix-cases";
import { asService, asUser, attempt, openDb, ROLES, seedWorkspace } from "./workspace-kit";

// The isolation matrix for the agents & chat tables, in the style of
// isolation-matrix: every role of A tries every operation on every table
// against B's rows (B snapshotted through the service path around each try),
// then every role tries the same inside A, where the role rules apply. The
// other chat rules (key column, immutable versions, partitions) are in
// chat-rules.integration.test.ts.

let db: Database;
let a: ChatWorkspace;
let b: ChatWorkspace;
const leaks: string[] = [];
let casesRun = 0;

beforeAll(async () => {
  db = openDb();
  const [wa, wb] = await Promise.all([seedWorkspace(db, "chat-iso-a"), seedWorkspace(db, "chat-iso-b")]);
  [a, b] = await Promise.all([seedChat(db, wa), seedChat(db, wb)]);
});

afterAll(async () => {
  await db?.destroy();
});

describe("seed", () => {
  it("B holds rows in every table the matrix attacks", async () => {
    const counts = await asService(db, async (tx) =>
      Object.fromEntries(
        await Promise.all(
          CHAT_TABLE_CASES.map(async (c) => [c.table, (await chatSnapshot(tx, c, b)).length]),
        ),
      ),
    );
    // usage_daily: one row for the user message (no agent), one for the agent's reply.
    expect(counts).toEqual({
      provider_connections: 1,
      agents: 1,
      agent_versions: 1,
      inboxes: 2,
      conversations: 1,
      messages: 2,
      model_prices: 1,
      usage_daily: 2,
      usage_monthly: 1,
    });
  });
});

describe.each(ROLES)("the %s of workspace A against workspace B", (role) => {
  describe.each(CHAT_TABLE_CASES)("$table", (c) => {
    it.each(OPERATIONS)("%s is refused", async (op) => {
      const actor = a.users[role];
      const before = await asService(db, (tx) => chatSnapshot(tx, c, b));
      const outcome = await attempt(() =>
        asUser(db, actor, (tx) => chatStatement(c, op, b, actor).execute(tx)),
      );
      const after = await asService(db, (tx) => chatSnapshot(tx, c, b));
      casesRun += 1;
      const touched = outcome.kind === "rows" && outcome.count > 0;
      if (touched || JSON.stringify(after) !== JSON.stringify(before)) {
        leaks.push(`${role} ${c.table} ${op}: ${JSON.stringify(outcome)}`);
      }
      expect(outcome).toEqual(expectedAcross(c, op));
      expect(after).toEqual(before);
      expect(before.length).toBeGreaterThan(0);
    });
  });
});

describe("matrix total", () => {
  it("0 cross-workspace reads or writes", () => {
    expect(casesRun).toBe(ROLES.length * CHAT_TABLE_CASES.length * OPERATIONS.length);
    expect(leaks).toEqual([]);
  });
});

// Each attempt runs in a transaction that is rolled back, so the seed is the same for every role.
describe.each(ROLES)("the %s of workspace A in its own workspace", (role) => {
  describe.each(CHAT_TABLE_CASES)("$table", (c) => {
    it.each(OPERATIONS)("%s follows the role rules", async (op) => {
      const actor = a.users[role];
      const before = await asService(db, (tx) => chatSnapshot(tx, c, a));
      const outcome = await attemptRolledBack(db, actor, (tx) => chatStatement(c, op, a, actor).execute(tx));
      expect(outcome).toEqual(expectedWithin(c, op, role, before.length));
      expect(await asService(db, (tx) => chatSnapshot(tx, c, a))).toEqual(before);
    });
  });
});
