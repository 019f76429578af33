import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { type ChatWorkspace, insertServiceMessage, newConversation, seedChat, sqlState } from "./chat-kit";
import { asService, asUser, openDb, seedWorkspace } from "./workspace-kit";

// Month partitions of messages: DEFAULT catches what has no month yet, and
// private.ensure_message_partitions() later moves it out. The only file that
// creates partitions, so "not there yet" holds when its tests start.

let db: Database;
let a: ChatWorkspace;
let b: ChatWorkspace;

beforeAll(async () => {
  db = openDb();
  const [wa, wb] = await Promise.all([seedWorkspace(db, "chat-part-a"), seedWorkspace(db, "chat-part-b")]);
  [a, b] = await Promise.all([seedChat(db, wa), seedChat(db, wb)]);
});

afterAll(async () => {
  await db?.destroy();
});

const conversation = () => newConversation(db, a.users.member, a.id, a.chat.webInboxId, a.chat.agentId);

describe("partitions", () => {
  const partOf = (id: string) =>
    asService(db, (tx) =>
      sql<{
        part: string;
      }>`select tableoid::regclass::text as part from public.messages where id = ${id}::uuid`
        .execute(tx)
        .then((r) => r.rows.map((x) => x.part)),
    );

  // Dated rows go in on the service path (members may not choose created_at).
  it("a message dated 2099 lands in DEFAULT and is still read through public.messages under RLS", async () => {
    const conv = await conversation();
    const msg = await insertServiceMessage(
      db,
      {
        workspace_id: a.id,
        conversation_id: conv,
        role: "user",
        created_at: new Date("2099-06-15T12:00:00Z"),
      },
      a.users.member,
    );
    expect(msg.partition).toBe("partitions.messages_default");
    const read = (u: typeof a.users.viewer) =>
      asUser(db, u, (tx) =>
        tx.selectFrom("messages").select(["id", "message_index"]).where("id", "=", msg.id).execute(),
      );
    expect(await read(a.users.viewer)).toEqual([{ id: msg.id, message_index: 1 }]);
    expect(await read(b.users.owner)).toEqual([]);
  });

  it("creating the month's partition later moves its DEFAULT rows there, intact", async () => {
    const conv = await conversation();
    const month = await asService(db, (tx) =>
      sql<{ name: string; exists: boolean }>`
        select 'partitions.messages_' || to_char(now() at time zone 'UTC' + interval '5 months', 'YYYY_MM') as name,
               to_regclass('partitions.messages_' || to_char(now() at time zone 'UTC' + interval '5 months', 'YYYY_MM'))
                 is not null as exists`
        .execute(tx)
        .then((r) => r.rows[0]),
    );
    expect(month?.exists).toBe(false); // the migration prepares 3 months ahead only
    const soon = new Date(Date.now());
    soon.setUTCMonth(soon.getUTCMonth() + 5, 15);
    const msg = await insertServiceMessage(
      db,
      {
        workspace_id: a.id,
        conversation_id: conv,
        role: "user",
        created_at: soon,
      },
      a.users.member,
    );
    expect(msg.partition).toBe("partitions.messages_default");
    const snapshot = () =>
      asService(db, (tx) =>
        sql<{ row: Record<string, unknown> }>`select to_jsonb(m) - 'updated_at' as row from public.messages m
          where id = ${msg.id}::uuid`
          .execute(tx)
          .then((r) => r.rows),
      );
    const before = await snapshot();

    const created = await asService(db, (tx) =>
      sql<{ n: number }>`select private.ensure_message_partitions(6) as n`
        .execute(tx)
        .then((r) => r.rows[0]?.n),
    );
    expect(created).toBeGreaterThanOrEqual(1);
    expect(await partOf(msg.id)).toEqual([month?.name]);
    expect(await snapshot()).toEqual(before);
    // The 2099 row has no partition yet and stays where it was.
    const stranded = await asService(db, (tx) =>
      sql<{
        n: number;
      }>`select count(*)::int as n from partitions.messages_default where created_at >= '2099-01-01'`
        .execute(tx)
        .then((r) => r.rows[0]?.n),
    );
    expect(stranded).toBeGreaterThanOrEqual(1);
    // A partition made later is as reachable for the service path as the first ones.
    const direct = await asService(db, (tx) =>
      sql<{
        n: number;
      }>`select count(*)::int as n from ${sql.table(month?.name ?? "")} where id = ${msg.id}::uuid`
        .execute(tx)
        .then((r) => r.rows[0]?.n),
    );
    expect(direct).toBe(1);
    expect(
      (
        await asUser(db, a.users.viewer, (tx) =>
          tx.selectFrom("messages").select("id").where("id", "=", msg.id).execute(),
        )
      ).length,
    ).toBe(1);
  });

  it("partition bounds are UTC months whatever the caller's time zone", async () => {
    const bounds = await asService(db, async (tx) => {
      await sql`set local timezone = 'Asia/Tokyo'`.execute(tx);
      await sql`select private.ensure_message_partitions(8)`.execute(tx);
      await sql`set local timezone = 'UTC'`.execute(tx);
      const { rows } = await sql<{ bound: string }>`
        select pg_get_expr(c.relpartbound, c.oid) as bound from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'public.messages'::regclass order by 1`.execute(tx);
      return rows.map((r) => r.bound);
    });
    expect(bounds.length).toBeGreaterThanOrEqual(11); // last month .. 8 ahead, plus DEFAULT
    for (const bound of bounds.filter((x) => x !== "DEFAULT")) {
      expect(bound).toMatch(
        /^FOR VALUES FROM \('\d{4}-\d{2}-01 00:00:00\+00'\) TO \('\d{4}-\d{2}-01 00:00:00\+00'\)$/,
      );
    }
  });

  it("only the service path may run the maintenance functions", async () => {
    const states = await Promise.all(
      [sql`select private.ensure_message_partitions(3)`, sql`select private.refresh_usage_monthly()`].map(
        (q) => sqlState(() => asUser(db, a.users.owner, (tx) => q.execute(tx))),
      ),
    );
    expect(states).toEqual(["42501", "42501"]);
  });
});
