import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { insertMessage, newConversation, sqlState, webInbox } from "./chat-kit";
import { asService, asUser, openDb, type SeedWorkspace, seedWorkspace } from "./workspace-kit";

let db: Database;
beforeAll(() => {
  db = openDb();
});
afterAll(async () => {
  await db?.destroy();
});

describe("functions", () => {
  it("every function in our schemas has a fixed search_path (Supabase lint 0011)", async () => {
    // `auth` is Supabase's (lib/db/bootstrap.sql only mirrors its definitions locally, and the
    // linter skips it); functions an extension installed are not ours either. The rest are.
    const { rows } = await sql<{ fn: string }>`
      select p.oid::regprocedure::text as fn
        from pg_catalog.pg_proc p
        join pg_catalog.pg_namespace n on n.oid = p.pronamespace
       where n.nspname in ('public', 'private', 'partitions')
         and p.prokind in ('f', 'p')
         and not exists (select 1 from pg_catalog.pg_depend d
                          where d.objid = p.oid and d.deptype = 'e')
         and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')
       order by 1`.execute(db);
    expect(rows.map((r) => r.fn)).toEqual([]);
  });
});

describe("messages: output and usage are the server's to write", () => {
  let ws: SeedWorkspace;
  let reply: { id: string };

  beforeAll(async () => {
    ws = await seedWorkspace(db, "msg-usage-guard");
    const { member } = ws.users;
    const agent = await asUser(db, member, (tx) =>
      tx
        .insertInto("agents")
        .values({ workspace_id: ws.id, name: "Guarded", created_by: member.id })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
    const inbox = await webInbox(db, member, ws.id);
    const conversation = await newConversation(db, member, ws.id, inbox, agent.id);
    reply = await insertMessage(db, member, {
      workspace_id: ws.id,
      conversation_id: conversation,
      role: "assistant",
      agent_id: agent.id,
      status: "streaming",
    });
  });

  const asMember = (statement: ReturnType<typeof sql>) =>
    sqlState(() => asUser(db, ws.users.member, (tx) => statement.execute(tx)));

  it.each([
    [
      "content",
      () =>
        sql`update public.messages set parts = '[{"type":"text","text":"forged"}]' where id = ${reply.id}`,
    ],
    ["cost", () => sql`update public.messages set cost = 0 where id = ${reply.id}`],
    ["input tokens", () => sql`update public.messages set input_tokens = 0 where id = ${reply.id}`],
    ["output tokens", () => sql`update public.messages set output_tokens = 0 where id = ${reply.id}`],
    ["error", () => sql`update public.messages set error = null where id = ${reply.id}`],
    [
      "status other than stopped",
      () => sql`update public.messages set status = 'complete' where id = ${reply.id}`,
    ],
  ])("a member cannot update an assistant message's %s in their own workspace", async (_, statement) => {
    expect(await asMember(statement())).toBe("42501");
  });

  it("a member can still stop a reply (status 'stopped' only)", async () => {
    expect(await asMember(sql`update public.messages set status = 'stopped' where id = ${reply.id}`)).toBe(
      "ok",
    );
  });

  it("usage ranges are checked even on the service path", async () => {
    const state = (set: ReturnType<typeof sql>) =>
      sqlState(() =>
        asService(db, (tx) => sql`update public.messages set ${set} where id = ${reply.id}`.execute(tx)),
      );
    expect(await state(sql`cost = -1`)).toBe("23514");
    expect(await state(sql`cost = 10000000`)).toBe("23514");
    expect(await state(sql`input_tokens = 2000000000`)).toBe("23514");
    expect(await state(sql`latency_total_ms = -5`)).toBe("23514");
    expect(await state(sql`cost = 0.25, input_tokens = 10, output_tokens = 20`)).toBe("ok");
  });
});
