import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { putInboxSecrets } from "@/lib/channels/secrets";
import { inboxTokenHash } from "@/lib/channels/webhook-token";
import type { Database } from "@/lib/db/client";
import {
  asService,
  asUser,
  failure,
  openDb,
  ROLES,
  type SeedWorkspace,
  seedWorkspace,
} from "./workspace-kit";

// Cross-workspace isolation of the channel tables (inbox credentials, the
// dedupe of incoming vendor messages, outbound deliveries) through RLS as the
// Data API sees it: each role of A reads, updates, deletes and inserts
// against B's rows and sees and changes nothing. Inside A, members read
// deliveries and dedupe records but never write them, and nobody reads a
// credential (not even its ciphertext) through the Data API.

const TABLES = ["inbox_secrets", "channel_inbound_events", "channel_deliveries"] as const;
type Table = (typeof TABLES)[number];

interface ChannelSeed {
  ws: SeedWorkspace;
  inboxId: string;
  conversationId: string;
}

let db: Database;
let a: ChannelSeed;
let b: ChannelSeed;

async function seedChannels(ws: SeedWorkspace): Promise<ChannelSeed> {
  return asService(db, async (tx) => {
    const inbox = await tx
      .insertInto("inboxes")
      .values({
        workspace_id: ws.id,
        name: "Chatwoot",
        channel: "chatwoot",
        webhook_token_hash: inboxTokenHash(`token-${ws.id}`),
        created_by: ws.users.admin.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await putInboxSecrets(tx, ws.id, inbox.id, { api_token: `secret-token-of-${ws.slug}` });
    const conv = await tx
      .insertInto("conversations")
      .values({ workspace_id: ws.id, inbox_id: inbox.id, external_ref: "42" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("channel_inbound_events")
      .values({ inbox_id: inbox.id, external_id: "m-1", workspace_id: ws.id, conversation_id: conv.id })
      .execute();
    await tx
      .insertInto("channel_deliveries")
      .values({
        workspace_id: ws.id,
        inbox_id: inbox.id,
        conversation_id: conv.id,
        kind: "message",
        payload: JSON.stringify({ text: "secret reply" }),
        status: "failed",
        external_id: `ext-${ws.id}`,
      })
      .execute();
    return { ws, inboxId: inbox.id, conversationId: conv.id };
  });
}

async function snapshot(table: Table, ws: SeedWorkspace) {
  return asService(db, async (tx) => {
    const { rows } = await sql<Record<string, unknown>>`
      select to_jsonb(t) as row from ${sql.table(`public.${table}`)} t where workspace_id = ${ws.id}
      order by to_jsonb(t)::text`.execute(tx);
    return rows;
  });
}

function insertFor(table: Table, target: ChannelSeed) {
  const w = target.ws.id;
  switch (table) {
    case "inbox_secrets":
      return sql`insert into public.inbox_secrets (inbox_id, workspace_id, name, ciphertext, hint)
                 values (${target.inboxId}, ${w}, 'webhook_secret', 'v1:x', '••••')`;
    case "channel_inbound_events":
      return sql`insert into public.channel_inbound_events (inbox_id, external_id, workspace_id)
                 values (${target.inboxId}, 'forged', ${w})`;
    case "channel_deliveries":
      return sql`insert into public.channel_deliveries (workspace_id, inbox_id, conversation_id, kind, payload)
                 values (${w}, ${target.inboxId}, ${target.conversationId}, 'message', '{"text":"spam"}')`;
  }
}

const UPDATES: Record<Table, string> = {
  inbox_secrets: "ciphertext = 'pwned'",
  channel_inbound_events: "message_id = null, conversation_id = null",
  channel_deliveries: "status = 'pending', attempts = 0",
};

beforeAll(async () => {
  db = openDb();
  const [wa, wb] = await Promise.all([
    seedWorkspace(db, "channels-iso-a"),
    seedWorkspace(db, "channels-iso-b"),
  ]);
  [a, b] = [await seedChannels(wa), await seedChannels(wb)];
});

afterAll(async () => {
  await db?.destroy();
});

describe("channel tables across workspaces", () => {
  it("B holds a row in every channel table", async () => {
    for (const table of TABLES) expect((await snapshot(table, b.ws)).length, table).toBeGreaterThan(0);
  });

  it("A's viewer reads A's deliveries and dedupe records (the check below can fail)", async () => {
    for (const table of ["channel_deliveries", "channel_inbound_events"] as const) {
      const seen = await asUser(db, a.ws.users.viewer, (tx) =>
        sql`select 1 from ${sql.table(`public.${table}`)} where workspace_id = ${a.ws.id}`.execute(tx),
      );
      expect(seen.rows, table).toHaveLength(1);
    }
  });

  it.each(TABLES)("%s: no role of A reads, changes, deletes or adds B's rows", async (table) => {
    const before = await snapshot(table, b.ws);
    for (const role of ROLES) {
      const user = a.ws.users[role];
      const seen = await asUser(db, user, (tx) =>
        sql`select 1 from ${sql.table(`public.${table}`)} where workspace_id = ${b.ws.id}`.execute(tx),
      ).catch((e: { code?: string }) => e);
      if ("code" in seen && seen.code) expect(seen.code, `${role} select ${table}`).toBe("42501");
      else expect((seen as { rows: unknown[] }).rows, `${role} select ${table}`).toEqual([]);
      const tries = [
        sql`update ${sql.table(`public.${table}`)} set ${sql.raw(UPDATES[table])} where workspace_id = ${b.ws.id}`,
        sql`delete from ${sql.table(`public.${table}`)} where workspace_id = ${b.ws.id}`,
        insertFor(table, b),
      ];
      for (const statement of tries) {
        const result = await asUser(db, user, (tx) => statement.execute(tx)).catch(
          (e: { code?: string }) => e,
        );
        if ("code" in result && result.code) expect(["42501"], `${role} ${table}`).toContain(result.code);
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

describe("inside a workspace", () => {
  it.each(TABLES)("%s: no role of A writes its own rows through the Data API", async (table) => {
    const before = await snapshot(table, a.ws);
    for (const role of ROLES) {
      for (const statement of [
        insertFor(table, a),
        sql`update ${sql.table(`public.${table}`)} set ${sql.raw(UPDATES[table])} where workspace_id = ${a.ws.id}`,
        sql`delete from ${sql.table(`public.${table}`)} where workspace_id = ${a.ws.id}`,
      ]) {
        const err = await failure(() => asUser(db, a.ws.users[role], (tx) => statement.execute(tx)));
        expect(err.code, `${role} ${table}`).toBe("42501");
      }
    }
    expect(await snapshot(table, a.ws)).toEqual(before);
  });

  it("not even an owner reads a credential, its ciphertext or its hint through the Data API", async () => {
    const err = await failure(() =>
      asUser(db, a.ws.users.owner, (tx) => sql`select hint from public.inbox_secrets`.execute(tx)),
    );
    expect(err.code).toBe("42501");
  });

  it("a member cannot assign a conversation to someone outside the workspace, nor act as another member", async () => {
    const assign = await failure(() =>
      asUser(db, a.ws.users.member, (tx) =>
        tx
          .updateTable("conversations")
          .set({ assignee_id: b.ws.users.member.id })
          .where("id", "=", a.conversationId)
          .execute(),
      ),
    );
    expect(assign.hint).toBe("conversation_bad_assignee");
    const actAs = await failure(() =>
      asUser(db, a.ws.users.admin, (tx) =>
        tx
          .updateTable("inboxes")
          .set({ created_by: a.ws.users.owner.id })
          .where("id", "=", a.inboxId)
          .execute(),
      ),
    );
    expect(actAs.code).toBe("42501");
    const own = await asUser(db, a.ws.users.owner, (tx) =>
      tx
        .updateTable("inboxes")
        .set({ created_by: a.ws.users.owner.id })
        .where("id", "=", a.inboxId)
        .executeTakeFirst(),
    );
    expect(Number(own.numUpdatedRows)).toBe(1);
  });
});
