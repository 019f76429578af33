import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedChat } from "../../test/db/chat-kit";
import { asService, openDb, type SeedWorkspace, seedWorkspace } from "../../test/db/workspace-kit";
import type { Database } from "../db/client";
import { closeDb } from "../db/client";
import { runAsUser } from "../db/rls";
import { toAppError } from "../errors";
import { beginChatTurn } from "./begin-turn";
import type { ChatRequest } from "./schema";

// public.begin_chat_turn is the chat's whole setup in one statement; these pin
// that it writes and reads exactly what the seven statements it replaced did,
// under the caller's RLS and roles, and writes nothing when it refuses.

let db: Database;
let a: SeedWorkspace;
let b: SeedWorkspace;
let agentA: string;
let agentB: string;

const as = (ws: SeedWorkspace, role: keyof SeedWorkspace["users"]) => ({
  claims: ws.users[role].claims,
  workspaceId: ws.id,
});
const req = (agentId: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  agentId,
  trigger: "submit",
  text: "hello there",
  ...extra,
});
const messageCount = (wsId: string) =>
  asService(db, (tx) =>
    tx
      .selectFrom("messages")
      .select((e) => e.fn.countAll<string>().as("n"))
      .where("workspace_id", "=", wsId)
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n)),
  );
const failure = (p: Promise<unknown>) =>
  p.then(
    () => "succeeded",
    (e) => toAppError(e).code,
  );

beforeAll(async () => {
  db = openDb();
  a = await seedWorkspace(db, "turn-a");
  b = await seedWorkspace(db, "turn-b");
  agentA = (await seedChat(db, a)).chat.agentId;
  agentB = (await seedChat(db, b)).chat.agentId;
});

afterAll(async () => {
  await db.destroy();
  await closeDb();
});

describe("beginChatTurn", () => {
  it("starts a conversation with the user's message and the assistant's placeholder", async () => {
    const turn = await beginChatTurn(as(a, "member"), req(agentA));
    expect(turn.agent.id).toBe(agentA);
    expect(turn.agent.createdAt).toBeInstanceOf(Date);
    expect(turn.conversation.title).toBeNull();
    expect(turn.userMessage?.index).toBe(1);
    expect(turn.assistant.index).toBe(2);
    expect(turn.lastText).toBe("hello there");
    // The streaming placeholder is not history; the user's message is.
    expect(turn.history.map((m) => [m.role, m.parts])).toEqual([
      ["user", [{ type: "text", text: "hello there" }]],
    ]);
    expect(turn.granted).toEqual([]);
    const rows = await asService(db, (tx) =>
      tx
        .selectFrom("messages")
        .select(["role", "status", "agent_version", "model", "created_by", "created_at"])
        .where("conversation_id", "=", turn.conversation.id)
        .orderBy("message_index")
        .execute(),
    );
    expect(rows.map((r) => [r.role, r.status])).toEqual([
      ["user", "complete"],
      ["assistant", "streaming"],
    ]);
    expect(rows[0]?.created_by).toBe(a.users.member.id);
    expect(rows[1]?.agent_version).toBe(turn.agent.version);
    expect(rows[1]?.model).toBe("gpt-4o");
    // The row reference is exact to the microsecond: finishing the message finds it by it.
    expect(new Date(turn.assistant.createdAt).getTime()).toBe(rows[1]?.created_at.getTime());
    expect(turn.connectionVersion).toMatch(/^\d{4}-\d\d-\d\d /);
  });

  it("continues a conversation and regenerates its last reply without gaps", async () => {
    const first = await beginChatTurn(as(a, "member"), req(agentA, { text: "one" }));
    const conversationId = first.conversation.id;
    const second = await beginChatTurn(as(a, "member"), req(agentA, { conversationId, text: "two" }));
    expect([second.userMessage?.index, second.assistant.index]).toEqual([3, 4]);
    const again = await beginChatTurn(
      as(a, "member"),
      req(agentA, { conversationId, trigger: "regenerate" }),
    );
    expect(again.userMessage).toBeUndefined();
    expect(again.assistant.index).toBe(4);
    expect(again.lastText).toBe("two");
    const edited = await beginChatTurn(
      as(a, "member"),
      req(agentA, { conversationId, trigger: "edit", editIndex: 3, text: "two, edited" }),
    );
    expect([edited.userMessage?.index, edited.assistant.index]).toEqual([3, 4]);
    const indexes = await asService(db, (tx) =>
      tx
        .selectFrom("messages")
        .select("message_index")
        .where("conversation_id", "=", conversationId)
        .orderBy("message_index")
        .execute(),
    );
    expect(indexes.map((r) => r.message_index)).toEqual([1, 2, 3, 4]);
  });

  it("refuses what the caller may not do, and writes nothing when it does", async () => {
    const before = [await messageCount(a.id), await messageCount(b.id)];
    // Another workspace's agent, or an agent id under the wrong workspace: invisible.
    expect(await failure(beginChatTurn(as(a, "member"), req(agentB)))).toBe("not_found");
    expect(await failure(beginChatTurn({ ...as(a, "member"), workspaceId: b.id }, req(agentB)))).toBe(
      "not_found",
    );
    // Another workspace's conversation.
    const foreign = await beginChatTurn(as(b, "member"), req(agentB));
    const afterForeign = [before[0], (before[1] ?? 0) + 2];
    expect(
      await failure(beginChatTurn(as(a, "member"), req(agentA, { conversationId: foreign.conversation.id }))),
    ).toBe("not_found");
    // Viewers read conversations but cannot write them.
    expect(await failure(beginChatTurn(as(a, "viewer"), req(agentA)))).toBe("forbidden");
    // Regenerating a conversation with no user message yet.
    const empty = await asService(db, (tx) =>
      sql<{ id: string }>`select id from public.get_or_create_conversation(${a.id}::uuid,
        (select id from public.inboxes where workspace_id = ${a.id}::uuid and channel = 'web'),
        ${agentA}::uuid, null, null)`.execute(tx),
    );
    expect(
      await failure(
        beginChatTurn(
          as(a, "member"),
          req(agentA, { conversationId: empty.rows[0]?.id, trigger: "regenerate", text: undefined }),
        ),
      ),
    ).toBe("bad_request");
    expect([await messageCount(a.id), await messageCount(b.id)]).toEqual(afterForeign);
  });

  it("rejects an unknown trigger in the database too, not only in the route's schema", async () => {
    const attempt = runAsUser(a.users.member.claims, (tx) =>
      sql`select public.begin_chat_turn(${a.id}::uuid, ${agentA}::uuid, null, 'delete', null, 'x', 'offline')`.execute(
        tx,
      ),
    );
    await expect(attempt).rejects.toMatchObject({ code: "22023" });
  });
});
