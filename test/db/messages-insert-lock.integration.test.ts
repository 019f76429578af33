import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgent } from "@/lib/agents";
import type { Database } from "@/lib/db/client";
import { closeDb } from "@/lib/db/client";
import { createProviderConnection } from "@/lib/providers";
import { runChatTurn } from "../chat/chat-turn-kit";
import { type OpenAICompatibleFake, startOpenAICompatibleFake } from "../fakes/openai-compatible-fake";
import { newConversation, sqlState, webInbox } from "./chat-kit";
import { asUser, conversationMessages, openDb, type SeedWorkspace, seedWorkspace } from "./workspace-kit";

// Issue 11, item 10, the INSERT side: where the Data API is exposed a member
// runs INSERTs on messages directly. They may insert only what the chat path
// (public.begin_chat_turn, security invoker) inserts as them: their own text
// message with no usage, and an empty 'streaming' placeholder for the reply.
// A reply's output and usage are written on the service path only.

let db: Database;
let ws: SeedWorkspace;
let agentId: string;
let conversationId: string;
let fake: OpenAICompatibleFake;

beforeAll(async () => {
  db = openDb();
  fake = await startOpenAICompatibleFake();
  process.env.SSRF_ALLOWLIST = "127.0.0.1";
  ws = await seedWorkspace(db, "msg-insert-lock");
  const admin = { claims: ws.users.admin.claims, workspaceId: ws.id };
  const conn = await createProviderConnection(admin, {
    provider: "openai_compatible",
    name: "Local fake",
    baseUrl: fake.baseUrl,
    models: ["fake-model"],
    apiKey: "sk-test-secret-123456",
  });
  const agent = await createAgent(
    { claims: ws.users.member.claims, workspaceId: ws.id },
    { name: "Locked", type: "custom", providerConnectionId: conn.id, model: "fake-model" },
  );
  agentId = agent.id;
  const inbox = await webInbox(db, ws.users.member, ws.id);
  conversationId = await newConversation(db, ws.users.member, ws.id, inbox, agentId);
});

afterAll(async () => {
  await fake?.stop();
  await db?.destroy();
  await closeDb();
});

const asMember = (statement: ReturnType<typeof sql>) =>
  sqlState(() => asUser(db, ws.users.member, (tx) => statement.execute(tx)));

const TEXT = `'[{"type":"text","text":"forged"}]'::jsonb`;

describe("messages: a member inserts only what the chat path inserts as them", () => {
  const insert = (columns: string, values: string) =>
    sql.raw(
      `insert into public.messages (workspace_id, conversation_id, ${columns})
       values ('${ws.id}', '${conversationId}', ${values})`,
    );

  it.each([
    ["an assistant message with parts", "role, parts, status", `'assistant', ${TEXT}, 'complete'`],
    ["an assistant placeholder with parts", "role, parts, status", `'assistant', ${TEXT}, 'streaming'`],
    ["a complete empty assistant message", "role, status", `'assistant', 'complete'`],
    ["an assistant message with an error", "role, status, error", `'assistant', 'streaming', '{"code":"x"}'`],
    ["a user message with input tokens", "role, parts, input_tokens", `'user', ${TEXT}, 5`],
    ["a user message with output tokens", "role, parts, output_tokens", `'user', ${TEXT}, 5`],
    ["a user message with a cost", "role, parts, cost", `'user', ${TEXT}, 0.5`],
    ["a user message with zero usage written out", "role, parts, cost", `'user', ${TEXT}, 0`],
    ["a user message with a latency", "role, parts, latency_total_ms", `'user', ${TEXT}, 10`],
    ["a user message with a model", "role, parts, model", `'user', ${TEXT}, 'gpt-4o'`],
    ["a user message still streaming", "role, parts, status", `'user', ${TEXT}, 'streaming'`],
    ["a user message with a tool part", "role, parts", `'user', '[{"type":"tool-x","output":"forged"}]'`],
    ["a user message whose parts are no array", "role, parts", `'user', '{"type":"text","text":"x"}'`],
    ["a text part whose text is no string", "role, parts", `'user', '[{"type":"text","text":5}]'`],
    ["a text part with no text", "role, parts", `'user', '[{"type":"text"}]'`],
    ["a part that is a bare string", "role, parts", `'user', '["text"]'`],
    [
      "a text part beside a tool part",
      "role, parts",
      `'user', '[{"type":"text","text":"a"},{"type":"tool-x"}]'`,
    ],
    ["a part typed as an array", "role, parts", `'user', '[{"type":["text"],"text":"a"}]'`],
    ["a backdated message", "role, parts, created_at", `'user', ${TEXT}, '2020-01-01'`],
    ["a message with a chosen id", "role, parts, id", `'user', ${TEXT}, gen_random_uuid()`],
    ["a system message", "role, parts", `'system', ${TEXT}`],
    ["a tool message", "role, parts", `'tool', ${TEXT}`],
  ])("refuses %s", async (_, columns, values) => {
    expect(await asMember(insert(columns, values))).toBe("42501");
  });

  it("refuses a user message in another's name, and a placeholder in anyone's", async () => {
    const owner = ws.users.owner.id;
    const self = ws.users.member.id;
    expect(await asMember(insert("role, parts, created_by", `'user', ${TEXT}, '${owner}'`))).toBe("42501");
    expect(await asMember(insert("role, status, created_by", `'assistant', 'streaming', '${self}'`))).toBe(
      "42501",
    );
  });

  it("accepts the two rows begin_chat_turn inserts as the member", async () => {
    const user = insert(
      "role, parts, status, agent_id, created_by",
      `'user', '[{"type":"text","text":"hi"}]', 'complete', '${agentId}', '${ws.users.member.id}'`,
    );
    const placeholder = insert(
      "role, parts, status, agent_id, agent_version, model",
      `'assistant', '[]', 'streaming', '${agentId}', 1, 'fake-model'`,
    );
    expect([await asMember(user), await asMember(placeholder)]).toEqual(["ok", "ok"]);
  });

  it("the chat path still stores the user's message and the reply with its usage", async () => {
    fake.queue({ kind: "text", text: "Stored through the service path.", chunks: 2 });
    const turn = await runChatTurn(
      { claims: ws.users.member.claims, workspaceId: ws.id },
      { agentId, trigger: "submit", text: "hello" },
      { workspaceSlug: ws.slug },
    );
    expect(turn.res.status).toBe(200);
    const rows = await conversationMessages(db, turn.conversationId);
    expect(rows.map((r) => [r.role, r.status, r.created_by])).toEqual([
      ["user", "complete", ws.users.member.id],
      ["assistant", "complete", null],
    ]);
    expect(JSON.stringify(rows[1]?.parts)).toContain("Stored through the service path.");
    expect(rows[1]).toMatchObject({ input_tokens: 11, output_tokens: 7, model: "fake-model" });
    expect(rows[1]?.latency_total_ms).not.toBeNull();
  });
});
