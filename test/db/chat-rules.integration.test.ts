import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { attemptRolledBack, type ChatWorkspace, seedChat, sqlState } from "./chat-kit";
import { asService, asUser, openDb, ROLES, seedWorkspace } from "./workspace-kit";

// Chat rules beyond the role matrix (chat-isolation): the global price rows,
// the encrypted key column, immutable agent versions, the partitions schema
// and references that must stay inside their workspace.

let db: Database;
let a: ChatWorkspace;
let b: ChatWorkspace;

beforeAll(async () => {
  db = openDb();
  const [wa, wb] = await Promise.all([seedWorkspace(db, "chat-rules-a"), seedWorkspace(db, "chat-rules-b")]);
  [a, b] = await Promise.all([seedChat(db, wa), seedChat(db, wb)]);
});

afterAll(async () => {
  await db?.destroy();
});

describe("model_prices defaults (workspace_id null)", () => {
  const globals = sql`select id from public.model_prices where workspace_id is null`;

  it.each(ROLES)("the %s reads every default but cannot add, change or delete one", async (role) => {
    const actor = a.users[role];
    const total = (await asService(db, (tx) => globals.execute(tx))).rows.length;
    expect(total).toBeGreaterThanOrEqual(9);
    const seen = await attemptRolledBack(db, actor, (tx) => globals.execute(tx));
    const change = await attemptRolledBack(db, actor, (tx) =>
      sql`update public.model_prices set input_per_million = 0 where workspace_id is null`.execute(tx),
    );
    const remove = await attemptRolledBack(db, actor, (tx) =>
      sql`delete from public.model_prices where workspace_id is null`.execute(tx),
    );
    const add = await attemptRolledBack(db, actor, (tx) =>
      sql`insert into public.model_prices (workspace_id, provider, model, input_per_million, output_per_million)
          values (null, 'openai', 'forged-global', 0, 0)`.execute(tx),
    );
    expect({ seen, change, remove, add }).toEqual({
      seen: { kind: "rows", count: total },
      change: { kind: "rows", count: 0 },
      remove: { kind: "rows", count: 0 },
      add: { kind: "denied", code: "42501" },
    });
  });
});

describe("provider_connections.api_key_ciphertext", () => {
  it.each(ROLES)("the %s cannot read it or filter on it", async (role) => {
    const actor = a.users[role];
    const states = await Promise.all(
      [
        sql`select api_key_ciphertext from public.provider_connections where workspace_id = ${a.id}::uuid`,
        sql`select * from public.provider_connections where workspace_id = ${a.id}::uuid`,
        // A WHERE on the column would be an oracle for its value.
        sql`select id from public.provider_connections where api_key_ciphertext like 'v1:%'`,
        sql`update public.provider_connections set name = name where api_key_ciphertext is not null`,
      ].map((q) => sqlState(() => asUser(db, actor, (tx) => q.execute(tx)))),
    );
    expect(states).toEqual(["42501", "42501", "42501", "42501"]);
    const visible = await asUser(db, actor, (tx) =>
      tx
        .selectFrom("provider_connections")
        .select(["id", "api_key_hint"])
        .where("workspace_id", "=", a.id)
        .execute(),
    );
    expect(visible).toEqual([{ id: a.chat.connectionId, api_key_hint: "…abcd" }]);
  });

  it("the service path reads it", async () => {
    const row = await asService(db, (tx) =>
      tx
        .selectFrom("provider_connections")
        .select("api_key_ciphertext")
        .where("id", "=", a.chat.connectionId)
        .executeTakeFirstOrThrow(),
    );
    expect(row.api_key_ciphertext).toMatch(/^v1:test:/);
  });
});

describe("agent_versions", () => {
  const versionsOf = (agentId: string) =>
    asService(db, (tx) =>
      tx
        .selectFrom("agent_versions")
        .select("version")
        .where("agent_id", "=", agentId)
        .orderBy("version")
        .execute(),
    ).then((rows) => rows.map((r) => r.version));

  it("nobody updates or deletes a version, the service path included", async () => {
    const update = sql`update public.agent_versions set config = '{}'::jsonb where agent_id = ${a.chat.agentId}::uuid`;
    const remove = sql`delete from public.agent_versions where agent_id = ${a.chat.agentId}::uuid`;
    const states: Record<string, string[]> = {};
    for (const role of ROLES) {
      states[role] = [
        await sqlState(() => asUser(db, a.users[role], (tx) => update.execute(tx))),
        await sqlState(() => asUser(db, a.users[role], (tx) => remove.execute(tx))),
      ];
    }
    states.service = [
      await sqlState(() => asService(db, (tx) => update.execute(tx))),
      await sqlState(() => asService(db, (tx) => remove.execute(tx))),
    ];
    const denied = ["42501", "42501"];
    expect(states).toEqual({ owner: denied, admin: denied, member: denied, viewer: denied, service: denied });
    expect(await versionsOf(a.chat.agentId)).toEqual([1]);
  });

  it("a saved change adds a version; deleting the agent takes its versions with it", async () => {
    const agent = await asUser(db, a.users.member, (tx) =>
      tx
        .insertInto("agents")
        .values({ workspace_id: a.id, name: "Short-lived", created_by: a.users.member.id })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
    await asUser(db, a.users.member, (tx) =>
      tx.updateTable("agents").set({ instructions: "Be brief." }).where("id", "=", agent.id).execute(),
    );
    expect(await versionsOf(agent.id)).toEqual([1, 2]);
    const deleted = await asUser(db, a.users.admin, (tx) =>
      tx.deleteFrom("agents").where("id", "=", agent.id).executeTakeFirst(),
    );
    expect(deleted.numDeletedRows).toBe(1n);
    expect(await versionsOf(agent.id)).toEqual([]);
  });
});

describe("schema partitions", () => {
  it.each(ROLES)("the %s cannot address any partition of messages directly", async (role) => {
    const parts = await asService(db, (tx) =>
      sql<{ name: string }>`select inhrelid::regclass::text as name from pg_inherits
        where inhparent = 'public.messages'::regclass order by 1`.execute(tx),
    );
    const names = parts.rows.map((p) => p.name);
    expect(names).toContain("partitions.messages_default");
    for (const name of names) {
      const err = await asUser(db, a.users[role], (tx) =>
        sql`select count(*) from ${sql.table(name)}`.execute(tx),
      ).then(
        () => ({ code: "ok", message: "" }),
        (e: { code?: string; message: string }) => ({ code: e.code, message: e.message }),
      );
      expect(err, name).toEqual({ code: "42501", message: "permission denied for schema partitions" });
    }
  });

  it("the rows are there: the service path finds A's messages in a month partition", async () => {
    const { rows } = await asService(db, (tx) =>
      sql<{ part: string }>`select tableoid::regclass::text as part from public.messages
        where workspace_id = ${a.id}::uuid`.execute(tx),
    );
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.part).toMatch(/^partitions\.messages_\d{4}_\d{2}$/);
  });
});

describe("references stay inside the workspace", () => {
  it("a member of A cannot attach B's connection, agent or inbox to A's rows", async () => {
    const m = a.users.member;
    const states = {
      agentWithBConnection: await sqlState(() =>
        asUser(db, m, (tx) =>
          tx
            .insertInto("agents")
            .values({ workspace_id: a.id, name: "thief", provider_connection_id: b.chat.connectionId })
            .execute(),
        ),
      ),
      repointAgent: await sqlState(() =>
        asUser(db, m, (tx) =>
          tx
            .updateTable("agents")
            .set({ provider_connection_id: b.chat.connectionId })
            .where("id", "=", a.chat.agentId)
            .execute(),
        ),
      ),
      conversationWithBAgent: await sqlState(() =>
        asUser(db, m, (tx) =>
          sql`select public.get_or_create_conversation(${a.id}::uuid, ${a.chat.webInboxId}::uuid,
            ${b.chat.agentId}::uuid)`.execute(tx),
        ),
      ),
      conversationInBInbox: await sqlState(() =>
        asUser(db, m, (tx) =>
          tx
            .insertInto("conversations")
            .values({ workspace_id: a.id, inbox_id: b.chat.webInboxId })
            .execute(),
        ),
      ),
      // The service path skips RLS; the same-workspace foreign key still refuses.
      serviceAgentWithBConnection: await sqlState(() =>
        asService(db, (tx) =>
          tx
            .insertInto("agents")
            .values({ workspace_id: a.id, name: "thief", provider_connection_id: b.chat.connectionId })
            .execute(),
        ),
      ),
    };
    expect(states).toEqual({
      agentWithBConnection: "23503",
      repointAgent: "23503",
      conversationWithBAgent: "23503",
      conversationInBInbox: "42501",
      serviceAgentWithBConnection: "23503",
    });
  });

  it("rows cannot be written in another user's name", async () => {
    const { member, admin, owner } = a.users;
    const as = (u: typeof member, q: ReturnType<typeof sql>) =>
      sqlState(() => asUser(db, u, (tx) => q.execute(tx)));
    const states = [
      await as(
        member,
        sql`insert into public.agents (workspace_id, name, created_by)
        values (${a.id}::uuid, 'x', ${owner.id}::uuid)`,
      ),
      await as(
        admin,
        sql`insert into public.provider_connections (workspace_id, provider, name, created_by)
        values (${a.id}::uuid, 'openai', 'x', ${owner.id}::uuid)`,
      ),
      await as(
        member,
        sql`insert into public.conversations (workspace_id, inbox_id, created_by)
        values (${a.id}::uuid, ${a.chat.webInboxId}::uuid, ${owner.id}::uuid)`,
      ),
      await as(
        member,
        sql`insert into public.messages (workspace_id, conversation_id, role, created_by)
        values (${a.id}::uuid, ${a.chat.conversationId}::uuid, 'user', ${owner.id}::uuid)`,
      ),
    ];
    expect(states).toEqual(["42501", "42501", "42501", "42501"]);
  });
});
