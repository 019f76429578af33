import { type RawBuilder, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import type { Tx } from "@/lib/db/rls";
import { attemptRolledBack } from "./chat-kit";
import { OPERATIONS, type Operation } from "./matrix-cases";
import {
  asService,
  asUser,
  attempt,
  failure,
  type Outcome,
  openDb,
  ROLES,
  type Role,
  type SeedUser,
  type SeedWorkspace,
  seedWorkspace,
  uniq,
} from "./workspace-kit";

// The isolation matrix for mcp_integrations and agent_integration_tools, in the
// style of chat-isolation: every role of A tries every operation on B's rows
// (B snapshotted on the service path around each try), then inside A, where the
// role rules apply (members read, admins write, grants are never edited).

type WS = SeedWorkspace & { agentId: string; integrationId: string };
type MinRole = Role | "nobody";

interface Case {
  table: string;
  columns: RawBuilder<unknown>;
  set: RawBuilder<unknown>;
  insert(ws: WS, actor: SeedUser): RawBuilder<unknown>;
  read: Role;
  writes: Record<Exclude<Operation, "select">, MinRole>;
}

const EMPTY: Outcome = { kind: "rows", count: 0 };
const DENIED: Outcome = { kind: "denied", code: "42501" };
const RANK: Record<Role, number> = { viewer: 1, member: 2, admin: 3, owner: 4 };
const VISIBLE_COLUMNS = `id, workspace_id, name, slug, url, auth_type, auth_header_name, secret_hint, tools,
  tools_refreshed_at, last_error, timeout_ms, enabled, created_by, created_at, updated_at`;
const TOOLS = JSON.stringify([{ name: "lookup_order", description: "d", inputSchema: { type: "object" } }]);

const CASES: Case[] = [
  {
    table: "mcp_integrations",
    columns: sql.raw(VISIBLE_COLUMNS),
    set: sql`url = 'https://attacker.example/mcp', enabled = false`,
    insert: (ws, actor) => sql`insert into public.mcp_integrations (workspace_id, name, url, created_by)
      values (${ws.id}::uuid, ${`forged ${uniq()}`}, 'https://attacker.example/mcp', ${actor.id}::uuid)`,
    read: "member",
    writes: { insert: "admin", update: "admin", delete: "admin" },
  },
  {
    table: "agent_integration_tools",
    columns: sql`*`,
    set: sql`tool_name = 'pwned'`,
    insert: (ws, actor) => sql`insert into public.agent_integration_tools
      (workspace_id, agent_id, integration_id, tool_name, created_by)
      values (${ws.id}::uuid, ${ws.agentId}::uuid, ${ws.integrationId}::uuid, ${`forged_${uniq()}`}, ${actor.id}::uuid)`,
    read: "member",
    writes: { insert: "admin", update: "nobody", delete: "admin" },
  },
];

const byWorkspace = (ws: WS) => sql`workspace_id = ${ws.id}::uuid`;

function statement(c: Case, op: Operation, ws: WS, actor: SeedUser): RawBuilder<unknown> {
  const t = sql.table(`public.${c.table}`);
  if (op === "select") return sql`select ${c.columns} from ${t} where ${byWorkspace(ws)}`;
  if (op === "insert") return c.insert(ws, actor);
  if (op === "update") return sql`update ${t} set ${c.set} where ${byWorkspace(ws)}`;
  return sql`delete from ${t} where ${byWorkspace(ws)}`;
}

async function snapshot(tx: Tx, c: Case, ws: WS): Promise<unknown[]> {
  const { rows } = await sql<{ snap: unknown[] }>`
    select coalesce(jsonb_agg(to_jsonb(t) order by t::text), '[]'::jsonb) as snap
    from ${sql.table(`public.${c.table}`)} t where ${byWorkspace(ws)}`.execute(tx);
  return rows[0]?.snap ?? [];
}

function expectedAcross(c: Case, op: Operation): Outcome {
  if (op === "select") return EMPTY;
  if (op === "insert" || c.writes[op] === "nobody") return DENIED;
  return EMPTY; // invisible to the USING clause: 0 rows, not an error
}

function expectedWithin(c: Case, op: Operation, role: Role, own: number): Outcome {
  if (op === "select") return RANK[role] >= RANK[c.read] ? { kind: "rows", count: own } : EMPTY;
  const min = c.writes[op];
  if (min === "nobody") return DENIED;
  if (RANK[role] >= RANK[min]) return { kind: "rows", count: op === "insert" ? 1 : own };
  return op === "insert" ? DENIED : EMPTY;
}

/** One integration (with a ciphertext), one agent and one grant, each written by the least role allowed. */
async function seed(db: Database, ws: SeedWorkspace): Promise<WS> {
  const integrationId = await asUser(db, ws.users.admin, (tx) =>
    tx
      .insertInto("mcp_integrations")
      .values({
        workspace_id: ws.id,
        name: "Orders",
        url: "https://mcp.example.com/mcp",
        auth_type: "bearer",
        secret_ciphertext: "v1:test:aXY:dGFn:Y2lwaGVydGV4dA",
        secret_hint: "••••abcd",
        created_by: ws.users.admin.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
      .then((r) => r.id),
  );
  await asUser(db, ws.users.admin, (tx) =>
    tx.updateTable("mcp_integrations").set({ tools: TOOLS }).where("id", "=", integrationId).execute(),
  );
  const agentId = await asUser(db, ws.users.member, (tx) =>
    tx
      .insertInto("agents")
      .values({ workspace_id: ws.id, name: "Bot", created_by: ws.users.member.id })
      .returning("id")
      .executeTakeFirstOrThrow()
      .then((r) => r.id),
  );
  await asUser(db, ws.users.admin, (tx) =>
    tx
      .insertInto("agent_integration_tools")
      .values({
        workspace_id: ws.id,
        agent_id: agentId,
        integration_id: integrationId,
        tool_name: "lookup_order",
      })
      .execute(),
  );
  return { ...ws, agentId, integrationId };
}

let db: Database;
let a: WS;
let b: WS;
const leaks: string[] = [];
let casesRun = 0;

beforeAll(async () => {
  db = openDb();
  const [wa, wb] = await Promise.all([seedWorkspace(db, "mcp-iso-a"), seedWorkspace(db, "mcp-iso-b")]);
  [a, b] = await Promise.all([seed(db, wa), seed(db, wb)]);
});

afterAll(async () => {
  await db?.destroy();
});

describe.each(ROLES)("the %s of workspace A against workspace B", (role) => {
  describe.each(CASES)("$table", (c) => {
    it.each(OPERATIONS)("%s is refused", async (op) => {
      const actor = a.users[role];
      const before = await asService(db, (tx) => snapshot(tx, c, b));
      const outcome = await attempt(() => asUser(db, actor, (tx) => statement(c, op, b, actor).execute(tx)));
      const after = await asService(db, (tx) => snapshot(tx, c, b));
      casesRun += 1;
      if (
        (outcome.kind === "rows" && outcome.count > 0) ||
        JSON.stringify(after) !== JSON.stringify(before)
      ) {
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
    expect(casesRun).toBe(ROLES.length * CASES.length * OPERATIONS.length);
    expect(leaks).toEqual([]);
  });
});

describe.each(ROLES)("the %s of workspace A in its own workspace", (role) => {
  describe.each(CASES)("$table", (c) => {
    it.each(OPERATIONS)("%s follows the role rules", async (op) => {
      const actor = a.users[role];
      const before = await asService(db, (tx) => snapshot(tx, c, a));
      const outcome = await attemptRolledBack(db, actor, (tx) => statement(c, op, a, actor).execute(tx));
      expect(outcome).toEqual(expectedWithin(c, op, role, before.length));
      expect(await asService(db, (tx) => snapshot(tx, c, a))).toEqual(before);
    });
  });
});

describe("rules beyond the matrix", () => {
  it.each(ROLES)("the %s cannot read the encrypted secret", async (role) => {
    const outcome = await attempt(() =>
      asUser(db, a.users[role], (tx) =>
        sql`select secret_ciphertext from public.mcp_integrations where workspace_id = ${a.id}::uuid`.execute(
          tx,
        ),
      ),
    );
    expect(outcome).toEqual(DENIED);
  });

  it("an admin of A cannot grant B's integration to A's agent, nor A's integration to B's agent", async () => {
    const grant = (agentId: string, integrationId: string) =>
      failure(() =>
        asUser(db, a.users.owner, (tx) =>
          tx
            .insertInto("agent_integration_tools")
            .values({ workspace_id: a.id, agent_id: agentId, integration_id: integrationId, tool_name: "x" })
            .execute(),
        ),
      );
    expect((await grant(a.agentId, b.integrationId)).code).toBe("23503");
    expect((await grant(b.agentId, a.integrationId)).code).toBe("23503");
  });

  it("outbound activity cannot name another workspace's integration", async () => {
    const err = await failure(() =>
      asService(db, (tx) =>
        tx
          .insertInto("mcp_calls")
          .values({
            workspace_id: a.id,
            direction: "outbound",
            integration_id: b.integrationId,
            tool: "x",
            status: "ok",
            latency_ms: 1,
          })
          .execute(),
      ),
    );
    expect(err.code).toBe("23503");
  });
});
