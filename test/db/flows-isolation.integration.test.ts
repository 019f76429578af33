import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import {
  asService,
  asUser,
  failure,
  openDb,
  ROLES,
  type SeedWorkspace,
  seedWorkspace,
  sha256Hex,
} from "./workspace-kit";

// Cross-workspace isolation of every flows table, through RLS as the Data API
// sees it: each role of A reads, updates, deletes and inserts against B's
// rows (B snapshotted on the service path around each try) and sees and
// changes nothing; inside A, a member cannot forge what the service path
// writes (runs, node results, approvals, versions, triggers, ticks) or decide
// an approval in someone's name.

const TABLES = [
  "flows",
  "flow_versions",
  "flow_triggers",
  "flow_schedule_ticks",
  "flow_runs",
  "flow_node_runs",
  "flow_approvals",
  "flow_settings",
] as const;
type Table = (typeof TABLES)[number];

interface FlowSeed {
  ws: SeedWorkspace;
  flowId: string;
  runId: string;
  triggerId: string;
}

let db: Database;
let a: FlowSeed;
let b: FlowSeed;

async function seedFlows(ws: SeedWorkspace): Promise<FlowSeed> {
  const token = randomBytes(32).toString("base64url");
  return asService(db, async (tx) => {
    const { rows: f } = await sql<{ id: string }>`
      insert into public.flows (workspace_id, name, webhook_token_hash, webhook_token_enc)
      values (${ws.id}, 'Secret flow', ${sha256Hex(token)}, 'enc') returning id`.execute(tx);
    const flowId = f[0]?.id as string;
    await sql`insert into public.flow_versions (workspace_id, flow_id, version, graph)
              values (${ws.id}, ${flowId}, 1, '{"nodes":[],"edges":[]}')`.execute(tx);
    await sql`update public.flows set published_version = 1 where id = ${flowId}`.execute(tx);
    const { rows: t } = await sql<{ id: string }>`
      insert into public.flow_triggers (workspace_id, flow_id, version, node_id, kind, cron, timezone, next_tick_at)
      values (${ws.id}, ${flowId}, 1, 'cron', 'schedule', '0 9 * * *', 'UTC', now() + interval '1 day') returning id`.execute(
      tx,
    );
    const triggerId = t[0]?.id as string;
    await sql`insert into public.flow_schedule_ticks (trigger_id, tick_at, workspace_id)
              values (${triggerId}, now(), ${ws.id})`.execute(tx);
    const { rows: r } = await sql<{ id: string }>`
      insert into public.flow_runs (workspace_id, flow_id, version, status, trigger, input)
      values (${ws.id}, ${flowId}, 1, 'waiting', 'api', '{"secret": 1}') returning id`.execute(tx);
    const runId = r[0]?.id as string;
    await sql`insert into public.flow_node_runs (workspace_id, run_id, node_id, status, output)
              values (${ws.id}, ${runId}, 'start', 'succeeded', '{"secret": 2}')`.execute(tx);
    await sql`insert into public.flow_approvals (workspace_id, run_id, node_id, message)
              values (${ws.id}, ${runId}, 'ok', 'Approve?')`.execute(tx);
    await sql`insert into public.flow_settings (workspace_id, run_retention_days) values (${ws.id}, 12)`.execute(
      tx,
    );
    return { ws, flowId, runId, triggerId };
  });
}

/** Every row of `table` in B, as the service path sees it. */
async function snapshot(table: Table, ws: SeedWorkspace) {
  return asService(db, async (tx) => {
    const { rows } = await sql<Record<string, unknown>>`
      select to_jsonb(t) as row from ${sql.table(`public.${table}`)} t where workspace_id = ${ws.id}
      order by to_jsonb(t)::text`.execute(tx);
    return rows;
  });
}

/** A row for `table` aimed at `target`, for an insert attempt. */
function insertFor(table: Table, target: FlowSeed) {
  const w = target.ws.id;
  switch (table) {
    case "flows":
      return sql`insert into public.flows (workspace_id, name, webhook_token_hash, webhook_token_enc)
                 values (${w}, 'x', ${randomUUID()}, 'x')`;
    case "flow_versions":
      return sql`insert into public.flow_versions (workspace_id, flow_id, version, graph)
                 values (${w}, ${target.flowId}, 99, '{}')`;
    case "flow_triggers":
      return sql`insert into public.flow_triggers (workspace_id, flow_id, version, node_id, kind)
                 values (${w}, ${target.flowId}, 1, 'hook2', 'webhook')`;
    case "flow_schedule_ticks":
      return sql`insert into public.flow_schedule_ticks (trigger_id, tick_at, workspace_id)
                 values (${target.triggerId}, now() + interval '1 hour', ${w})`;
    case "flow_runs":
      return sql`insert into public.flow_runs (workspace_id, flow_id, version, trigger)
                 values (${w}, ${target.flowId}, 1, 'api')`;
    case "flow_node_runs":
      return sql`insert into public.flow_node_runs (workspace_id, run_id, node_id, status)
                 values (${w}, ${target.runId}, 'forged', 'succeeded')`;
    case "flow_approvals":
      return sql`insert into public.flow_approvals (workspace_id, run_id, node_id, status)
                 values (${w}, ${target.runId}, 'forged', 'approved')`;
    case "flow_settings":
      return sql`insert into public.flow_settings (workspace_id) values (${w})
                 on conflict (workspace_id) do update set run_retention_days = 1`;
  }
}

const UPDATES: Record<Table, string> = {
  flows: "name = 'pwned', enabled = false",
  flow_versions: "created_by = null",
  flow_triggers: "next_tick_at = now()",
  flow_schedule_ticks: "run_id = null",
  flow_runs: "status = 'succeeded'",
  flow_node_runs: "status = 'failed'",
  flow_approvals: "status = 'approved'",
  flow_settings: "run_retention_days = 1",
};

beforeAll(async () => {
  db = openDb();
  const [wa, wb] = await Promise.all([seedWorkspace(db, "flows-iso-a"), seedWorkspace(db, "flows-iso-b")]);
  [a, b] = [await seedFlows(wa), await seedFlows(wb)];
});

afterAll(async () => {
  await db?.destroy();
});

describe("flows tables across workspaces", () => {
  it("B holds a row in every flows table", async () => {
    for (const table of TABLES) expect((await snapshot(table, b.ws)).length, table).toBeGreaterThan(0);
  });

  it("the same update inside A's own workspace does change a row (the check above can fail)", async () => {
    const own = await asUser(db, a.ws.users.admin, (tx) =>
      sql`update public.flow_settings set run_retention_days = 13 where workspace_id = ${a.ws.id}`.execute(
        tx,
      ),
    );
    expect(Number(own.numAffectedRows)).toBe(1);
    const seen = await asUser(db, a.ws.users.viewer, (tx) =>
      sql`select 1 from public.flow_runs where workspace_id = ${a.ws.id}`.execute(tx),
    );
    expect(seen.rows).toHaveLength(1);
  });

  it.each(TABLES)("%s: no role of A reads, changes, deletes or adds B's rows", async (table) => {
    const before = await snapshot(table, b.ws);
    for (const role of ROLES) {
      const user = a.ws.users[role];
      const seen = await asUser(db, user, (tx) =>
        sql`select 1 from ${sql.table(`public.${table}`)} where workspace_id = ${b.ws.id}`.execute(tx),
      );
      expect(seen.rows, `${role} select ${table}`).toEqual([]);
      const tries = [
        sql`update ${sql.table(`public.${table}`)} set ${sql.raw(UPDATES[table])} where workspace_id = ${b.ws.id}`,
        sql`delete from ${sql.table(`public.${table}`)} where workspace_id = ${b.ws.id}`,
        insertFor(table, b),
      ];
      for (const statement of tries) {
        const result = await asUser(db, user, (tx) => statement.execute(tx)).catch(
          (e: { code?: string }) => e,
        );
        // Refused outright (42501: no privilege or the policy's check), or it touched no row.
        if ("code" in result && result.code)
          expect(["42501", "23503"], `${role} ${table}`).toContain(result.code);
        else
          expect(
            Number((result as { numAffectedRows?: bigint }).numAffectedRows ?? 0n),
            `${role} ${table}`,
          ).toBe(0);
      }
    }
    expect(await snapshot(table, b.ws)).toEqual(before);
  });
});

describe("what only the service path writes, inside a member's own workspace", () => {
  it.each([
    "flow_versions",
    "flow_triggers",
    "flow_schedule_ticks",
    "flow_runs",
    "flow_node_runs",
    "flow_approvals",
  ] as const)("%s: an owner of A cannot insert through the Data API", async (table) => {
    const before = await snapshot(table, a.ws);
    const err = await failure(() => asUser(db, a.ws.users.owner, (tx) => insertFor(table, a).execute(tx)));
    expect(err.code, table).toBe("42501");
    expect(await snapshot(table, a.ws)).toEqual(before);
  });

  it("no role of A decides its own pending approval, edits a run's result or a published version", async () => {
    const before = await Promise.all(
      ["flow_approvals", "flow_runs", "flow_node_runs", "flow_versions"].map((t) =>
        snapshot(t as Table, a.ws),
      ),
    );
    for (const role of ROLES) {
      for (const table of ["flow_approvals", "flow_runs", "flow_node_runs", "flow_versions"] as const) {
        const err = await failure(() =>
          asUser(db, a.ws.users[role], (tx) =>
            sql`update ${sql.table(`public.${table}`)} set ${sql.raw(UPDATES[table])} where workspace_id = ${a.ws.id}`.execute(
              tx,
            ),
          ),
        );
        expect(err.code, `${role} ${table}`).toBe("42501");
      }
    }
    const after = await Promise.all(
      ["flow_approvals", "flow_runs", "flow_node_runs", "flow_versions"].map((t) =>
        snapshot(t as Table, a.ws),
      ),
    );
    expect(after).toEqual(before);
  });

  it("a member cannot read the webhook token columns or set published_version through the Data API", async () => {
    const read = await failure(() =>
      asUser(db, a.ws.users.owner, (tx) =>
        sql`select webhook_token_enc from public.flows where id = ${a.flowId}`.execute(tx),
      ),
    );
    expect(read.code).toBe("42501");
    const publish = await failure(() =>
      asUser(db, a.ws.users.owner, (tx) =>
        sql`update public.flows set published_version = 5 where id = ${a.flowId}`.execute(tx),
      ),
    );
    expect(publish.code).toBe("42501");
  });
});
