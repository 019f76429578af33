// The channel tools through the SDK's real Client over Streamable HTTP, against
// the real server and the embedded Postgres: inboxes without credentials,
// take over / hand back / reply on a channel conversation, scopes, another
// workspace's conversation, bad arguments.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/client";
import { receiveText, seedChannelInbox, seedOfflineAgent } from "@/test/channels/channel-kit";
import { openDb, uniq } from "@/test/db/workspace-kit";
import { ensureQueueSchema } from "@/test/flows/triggers-kit";
import {
  callError,
  callOk,
  httpClient,
  type KeyedWorkspace,
  seedKeyedWorkspace,
} from "@/test/mcp/mcp-client-kit";
import { type McpHttpServer, startMcpHttpServer } from "./http";

const API_TOKEN = "cw-api-token-8d1f2b7c9e";
const WEBHOOK_SECRET = "cw-webhook-secret-40a9f1";

let db: Database;
let server: McpHttpServer;
let a: KeyedWorkspace;
let b: KeyedWorkspace;
let client: Client;
let inboxA: { inboxId: string; token: string };
const clients: Client[] = [];

async function channelConversation(ws: KeyedWorkspace, inboxId: string) {
  return (await receiveText(db, ws, inboxId, `c-${uniq()}`, { text: "¿Tienen yerba?" })).conversationId;
}
const conversationRow = (id: string) =>
  db
    .selectFrom("conversations")
    .select(["handled_by", "assignee_id", "workspace_id"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
const messagesOf = async (id: string) =>
  (
    await sql<{ role: string; text: string; created_by: string | null }>`
      select role::text, parts->0->>'text' as text, created_by from public.messages
       where conversation_id = ${id} order by message_index`.execute(db)
  ).rows;
const deliveriesOf = (id: string) =>
  db.selectFrom("channel_deliveries").select(["kind", "status"]).where("conversation_id", "=", id).execute();

async function clientWith(ws: KeyedWorkspace, scopes?: Parameters<KeyedWorkspace["key"]>[0]) {
  const c = await httpClient(server.url, (await ws.key(scopes)).secret);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  // Incoming messages queue the bot's reply (graphile-worker's schema); no worker runs here.
  await ensureQueueSchema(process.env.DATABASE_URL as string);
  db = openDb();
  server = await startMcpHttpServer({ host: "127.0.0.1", port: 0, rateLimitPerMinute: 10_000 });
  a = await seedKeyedWorkspace(db, "mcp-channels-a");
  b = await seedKeyedWorkspace(db, "mcp-channels-b");
  const agentId = (await seedOfflineAgent(a)).id;
  inboxA = await seedChannelInbox(db, a, {
    channel: "chatwoot",
    agentId,
    settings: { baseUrl: "https://chatwoot.example.com", accountId: 3 },
    secrets: { api_token: API_TOKEN, webhook_secret: WEBHOOK_SECRET },
  });
  client = await clientWith(a);
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await server?.close();
  await db?.destroy();
});

describe("list_inboxes", () => {
  it("lists the workspace's channels with their agent, and no credential, not even masked", async () => {
    const { data, text } = await callOk<{ inboxes: Record<string, unknown>[] }>(client, "list_inboxes");
    const mine = data.inboxes.find((i) => i.id === inboxA.inboxId);
    expect(mine).toMatchObject({ channel: "chatwoot", botEnabled: true, hasWebhookToken: true });
    expect(mine).not.toHaveProperty("secrets");
    expect(data.inboxes.map((i) => i.channel)).toContain("web");
    for (const secret of [API_TOKEN, WEBHOOK_SECRET, inboxA.token, API_TOKEN.slice(-4), "••••"])
      expect(text).not.toContain(secret);
    // Only this workspace's inboxes.
    const other = await callOk<{ inboxes: { id: string }[] }>(await clientWith(b), "list_inboxes");
    expect(other.data.inboxes.map((i) => i.id)).not.toContain(inboxA.inboxId);
  });
});

describe("operating a channel conversation", () => {
  it("take over → people handle it (the key's creator assigned); hand back → the bot again", async () => {
    const id = await channelConversation(a, inboxA.inboxId);
    expect(await callOk(client, "take_over_conversation", { conversation_id: id })).toMatchObject({
      data: { conversationId: id, handledBy: "human" },
    });
    expect(await conversationRow(id)).toMatchObject({ handled_by: "human", assignee_id: a.users.admin.id });
    // Twice is the same.
    await callOk(client, "take_over_conversation", { conversation_id: id });
    expect((await conversationRow(id)).handled_by).toBe("human");
    expect((await callOk(client, "hand_back_conversation", { conversation_id: id })).data).toEqual({
      conversationId: id,
      handledBy: "bot",
    });
    expect((await conversationRow(id)).handled_by).toBe("bot");
  });

  it("reply stores the person's message, queues its delivery to the channel and takes the conversation over", async () => {
    const id = await channelConversation(a, inboxA.inboxId);
    const { data } = await callOk<{ message: { role: string; untrusted: { text: string } } }>(
      client,
      "reply_to_conversation",
      { conversation_id: id, text: "  Sí, de 1 kg. ¿Te la reservo?  " },
    );
    expect(data.message).toMatchObject({
      role: "assistant",
      untrusted: { text: "Sí, de 1 kg. ¿Te la reservo?" },
    });
    const rows = await messagesOf(id);
    expect(rows.at(-1)).toEqual({
      role: "assistant",
      text: "Sí, de 1 kg. ¿Te la reservo?",
      created_by: a.users.admin.id,
    });
    expect((await conversationRow(id)).handled_by).toBe("human");
    expect(await deliveriesOf(id)).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: "message", status: "pending" })]),
    );
  });

  it("another workspace's conversation is not found, and nothing there changes", async () => {
    const inboxB = await seedChannelInbox(db, b, {
      channel: "chatwoot",
      settings: { baseUrl: "https://x.example" },
    });
    const theirs = await channelConversation(b, inboxB.inboxId);
    const before = { row: await conversationRow(theirs), messages: await messagesOf(theirs) };
    for (const [tool, args] of [
      ["take_over_conversation", {}],
      ["hand_back_conversation", {}],
      ["reply_to_conversation", { text: "hola" }],
    ] as const) {
      const err = await callError(client, tool, { conversation_id: theirs, ...args });
      expect({ tool, code: err.code }).toEqual({ tool, code: "not_found" });
    }
    expect(await conversationRow(theirs)).toEqual(before.row);
    expect(await messagesOf(theirs)).toEqual(before.messages);
    expect(await deliveriesOf(theirs)).toEqual([]);
  });

  it("a read-only key, or one without the conversations group, is refused; it does not even list the tools", async () => {
    const id = await channelConversation(a, inboxA.inboxId);
    const readOnly = await clientWith(a, ["read", "agents", "conversations"]);
    const noGroup = await clientWith(a, ["write", "agents"]);
    for (const c of [readOnly, noGroup]) {
      const err = await callError(c, "take_over_conversation", { conversation_id: id });
      expect(err.code).toBe("forbidden");
      const { tools } = await c.listTools();
      expect(tools.map((t) => t.name)).not.toContain("reply_to_conversation");
    }
    expect((await callOk(readOnly, "list_inboxes")).data).toHaveProperty("inboxes");
    expect((await conversationRow(id)).handled_by).toBe("bot");
  });

  it("bad arguments are validation errors and store nothing", async () => {
    const id = await channelConversation(a, inboxA.inboxId);
    const before = (await messagesOf(id)).length;
    const cases: [string, Record<string, unknown>][] = [
      ["take_over_conversation", { conversation_id: "not-a-uuid" }],
      ["take_over_conversation", {}],
      ["hand_back_conversation", { conversation_id: 42 }],
      ["reply_to_conversation", { conversation_id: id, text: "" }],
      ["reply_to_conversation", { conversation_id: id, text: "   " }],
      ["reply_to_conversation", { conversation_id: id, text: "x".repeat(100_000) }],
      ["reply_to_conversation", { conversation_id: id, text: "a\u0000b" }],
      ["reply_to_conversation", { conversation_id: id, text: "hi", extra: true }],
      ["list_inboxes", { channel: "whatsapp" }],
    ];
    for (const [tool, args] of cases) {
      const err = await callError(client, tool, args);
      expect({ tool, args: JSON.stringify(args).slice(0, 80), code: err.code }).toEqual({
        tool,
        args: JSON.stringify(args).slice(0, 80),
        code: "validation_failed",
      });
    }
    expect(await messagesOf(id)).toHaveLength(before);
    expect((await conversationRow(id)).handled_by).toBe("bot");
  });
});
