import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Database } from "@/lib/db/client";
import {
  type ChatWorkspace,
  inFlight,
  insertMessage,
  insertMessageTx,
  newConversation,
  seedChat,
  sqlState,
} from "./chat-kit";
import { asService, asUser, databaseUrlFromEnv, openDb, seedWorkspace } from "./workspace-kit";

// message_index and the rules of a message row. Partitions are in
// chat-partitions, usage accounting in chat-usage.

let db: Database;
/** Enough connections for 50 transactions in flight at once. */
let burst: Database;
let a: ChatWorkspace;
let b: ChatWorkspace;

beforeAll(async () => {
  db = openDb();
  burst = createDb(databaseUrlFromEnv(), 52).db;
  const [wa, wb] = await Promise.all([seedWorkspace(db, "chat-msg-a"), seedWorkspace(db, "chat-msg-b")]);
  [a, b] = await Promise.all([seedChat(db, wa), seedChat(db, wb)]);
});

afterAll(async () => {
  await burst?.destroy();
  await db?.destroy();
});

const conversation = () => newConversation(db, a.users.member, a.id, a.chat.webInboxId, a.chat.agentId);

/** message_index of every message of a conversation and its counter, as the service path sees them. */
async function sequence(conversationId: string) {
  return asService(db, async (tx) => ({
    indexes: (
      await tx
        .selectFrom("messages")
        .select("message_index")
        .where("conversation_id", "=", conversationId)
        .orderBy("message_index")
        .execute()
    ).map((r) => r.message_index),
    count: (
      await tx
        .selectFrom("conversations")
        .select("message_count")
        .where("id", "=", conversationId)
        .executeTakeFirstOrThrow()
    ).message_count,
  }));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** `n` concurrent inserts by A's member; returns how long each insert waited (ms). */
async function concurrentInserts(n: number, conversationFor: (i: number) => string): Promise<number[]> {
  const runs = await inFlight(burst, a.users.member, n, (tx, i) =>
    insertMessageTx(tx, a.users.member, {
      workspace_id: a.id,
      conversation_id: conversationFor(i),
      role: "user",
    }),
  );
  return runs.map((r) => r.ms);
}

describe("message_index", () => {
  it("50 concurrent inserts into one conversation get exactly 1..50", async () => {
    const conv = await conversation();
    const waits = await concurrentInserts(50, () => conv);
    // Proof that they really contended: some insert queued behind another's lock.
    expect(Math.max(...waits)).toBeGreaterThan(4);
    expect(await sequence(conv)).toEqual({ indexes: range(50), count: 50 });
  });

  it("concurrent inserts into two conversations keep independent sequences", async () => {
    const [c1, c2] = [await conversation(), await conversation()];
    await concurrentInserts(40, (i) => (i % 2 === 0 ? c1 : c2));
    expect(await sequence(c1)).toEqual({ indexes: range(20), count: 20 });
    expect(await sequence(c2)).toEqual({ indexes: range(20), count: 20 });
  });

  it("a rolled-back or failed insert leaves no gap", async () => {
    const conv = await conversation();
    const m = { workspace_id: a.id, conversation_id: conv, role: "user" as const };
    await insertMessage(db, a.users.member, m);
    const rolledBack = await asUser(db, a.users.member, async (tx) => {
      await insertMessageTx(tx, a.users.member, m);
      throw new Error("abandon");
    }).catch((e: Error) => e.message);
    // The trigger has already counted this one when the CHECK constraint fails (on the service
    // path: a member may not write usage at all).
    const failed = await sqlState(() =>
      asService(db, (tx) => insertMessageTx(tx, a.users.member, { ...m, input_tokens: -1 })),
    );
    const next = await insertMessage(db, a.users.member, m);
    expect({ rolledBack, failed, next: next.message_index }).toEqual({
      rolledBack: "abandon",
      failed: "23514",
      next: 2,
    });
    expect(await sequence(conv)).toEqual({ indexes: [1, 2], count: 2 });
  });

  it("UPDATE cannot move a message: refused for users, ignored on the service path", async () => {
    const conv = await conversation();
    const other = await conversation();
    const msg = await insertMessage(db, a.users.member, {
      workspace_id: a.id,
      conversation_id: conv,
      role: "user",
    });
    const where = sql`id = ${msg.id}::uuid`;
    const attempts = [
      sql`update public.messages set message_index = 99 where ${where}`,
      sql`update public.messages set workspace_id = ${b.id}::uuid where ${where}`,
      sql`update public.messages set conversation_id = ${other}::uuid where ${where}`,
      sql`update public.messages set created_at = '2099-01-01' where ${where}`,
    ];
    const states = [];
    for (const q of attempts)
      states.push(await sqlState(() => asUser(db, a.users.owner, (tx) => q.execute(tx))));
    expect(states).toEqual(["42501", "42501", "42501", "42501"]);

    await asService(db, (tx) =>
      sql`update public.messages set message_index = 99, workspace_id = ${b.id}::uuid,
          conversation_id = ${other}::uuid, inbox_id = null, created_at = '2099-01-01', status = 'error'
          where ${where}`.execute(tx),
    );
    const after = await asService(db, (tx) =>
      sql<{
        message_index: number;
        workspace_id: string;
        conversation_id: string;
        part: string;
        status: string;
      }>`
        select message_index, workspace_id, conversation_id, tableoid::regclass::text as part, status
        from public.messages where ${where}`.execute(tx),
    );
    expect(after.rows).toEqual([
      { message_index: 1, workspace_id: a.id, conversation_id: conv, part: msg.partition, status: "error" },
    ]);
  });
});

describe("a message belongs to its conversation's workspace", () => {
  it("a conversation of A refuses a message claiming workspace B, even from a member of both", async () => {
    const dual = a.users.member;
    await asService(db, (tx) =>
      tx
        .insertInto("workspace_members")
        .values({ workspace_id: b.id, user_id: dual.id, role: "member" })
        .execute(),
    );
    const before = await sequence(a.chat.conversationId);
    const claimB = { workspace_id: b.id, conversation_id: a.chat.conversationId, role: "user" as const };
    const states = {
      dualMember: await sqlState(() => insertMessage(db, dual, claimB)),
      service: await sqlState(() => asService(db, (tx) => insertMessageTx(tx, null, claimB))),
      // The mirror image: a row claiming A, aimed at B's conversation.
      intoB: await sqlState(() =>
        insertMessage(db, a.users.owner, {
          ...claimB,
          workspace_id: a.id,
          conversation_id: b.chat.conversationId,
        }),
      ),
      // A's owner is no member of B: RLS refuses after the trigger found B's conversation.
      ownerIntoB: await sqlState(() =>
        insertMessage(db, a.users.owner, { ...claimB, conversation_id: b.chat.conversationId }),
      ),
    };
    await asService(db, (tx) =>
      tx
        .deleteFrom("workspace_members")
        .where("workspace_id", "=", b.id)
        .where("user_id", "=", dual.id)
        .execute(),
    );
    expect(states).toEqual({ dualMember: "23503", service: "23503", intoB: "23503", ownerIntoB: "42501" });
    expect(await sequence(a.chat.conversationId)).toEqual(before);
    expect(await sequence(b.chat.conversationId)).toEqual({ indexes: [1, 2], count: 2 });
  });
});
