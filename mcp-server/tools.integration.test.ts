// Every tool through the SDK's real Client over Streamable HTTP, against the
// real server and the embedded Postgres: happy paths with structuredContent,
// the untrusted-data fence, and the activity log. Errors, scopes and
// resources: access.integration.test.ts.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, uniq } from "@/test/db/workspace-kit";
import { createProduct } from "../lib/catalog";
import { updateConversation } from "../lib/conversations";
import type { Database } from "../lib/db/client";
import { runAsService } from "../lib/db/rls";
import { flushMcpCalls } from "../lib/mcp-activity";
import { callOk, httpClient, type KeyedWorkspace, seedKeyedWorkspace } from "../test/mcp/mcp-client-kit";
import { type McpHttpServer, startMcpHttpServer } from "./http";

const ALL_TOOLS = [
  "get_workspace",
  "list_agents",
  "get_agent",
  "create_agent",
  "update_agent",
  "send_message",
  "list_conversations",
  "list_messages",
  "search_conversations",
  "list_inboxes",
  "take_over_conversation",
  "hand_back_conversation",
  "reply_to_conversation",
  "get_usage_summary",
  "get_billing",
  "list_products",
  "get_product",
  "create_cart",
  "get_cart",
  "update_cart_item",
];
/** Called in mcp-server/channels-tools.integration.test.ts (they need a channel inbox). */
const CHANNEL_TOOLS = [
  "list_inboxes",
  "take_over_conversation",
  "hand_back_conversation",
  "reply_to_conversation",
];
/** Called in lib/flows/flows-api-mcp.integration.test.ts (they need a worker to run flows). */
const FLOW_TOOLS = ["list_flows", "run_flow", "get_flow_run", "list_flow_runs", "resolve_flow_approval"];

let db: Database;
let server: McpHttpServer;
let ws: KeyedWorkspace;
let keyId: string;
let client: Client;
const word = `zebra${uniq()}`;
const ids = { agent: "", conversation: "", mug: "", tee: "" };

beforeAll(async () => {
  db = openDb();
  server = await startMcpHttpServer({ host: "127.0.0.1", port: 0, rateLimitPerMinute: 10_000 });
  ws = await seedKeyedWorkspace(db, "mcp-tools");
  const key = await ws.key();
  keyId = key.id;
  client = await httpClient(server.url, key.secret);
  ids.mug = (await createProduct(ws.scope, { sku: "MUG-1", name: "Mug", price: 12.5, stock: 10 })).id;
  ids.tee = (await createProduct(ws.scope, { sku: "TEE-1", name: "T-shirt", price: 20, stock: 5 })).id;
});

afterAll(async () => {
  await client?.close();
  await server?.close();
  await db?.destroy();
});

describe("tools/list", () => {
  it("lists every tool with all four hints and both schemas", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([...ALL_TOOLS, ...FLOW_TOOLS]);
    for (const t of tools) {
      expect(t.inputSchema.type).toBe("object");
      expect(t.outputSchema?.type).toBe("object");
      for (const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const) {
        expect(typeof t.annotations?.[hint], `${t.name}.${hint}`).toBe("boolean");
      }
    }
    const hints = Object.fromEntries(tools.map((t) => [t.name, t.annotations]));
    expect(hints.list_products).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(hints.create_cart).toMatchObject({ readOnlyHint: false, idempotentHint: false });
    expect(hints.update_cart_item).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: true,
    });
    expect(hints.send_message).toMatchObject({ readOnlyHint: false, openWorldHint: true });
  });
});

describe("tools/call", () => {
  it("get_workspace names the key's workspace and scopes", async () => {
    const { data } = await callOk(client, "get_workspace");
    expect(data).toMatchObject({
      workspace: { id: ws.id, slug: ws.slug },
      apiKey: { id: keyId, scopes: expect.arrayContaining(["write", "catalog"]) },
      transport: "http",
    });
  });

  it("create_agent, list_agents, get_agent, update_agent", async () => {
    const created = await callOk<{ agent: { id: string; name: string; type: string; version: number } }>(
      client,
      "create_agent",
      { name: "MCP bot", type: "support", description: "made over MCP" },
    );
    expect(created.data.agent).toMatchObject({ name: "MCP bot", type: "support", version: 1 });
    ids.agent = created.data.agent.id;

    const list = await callOk<{ agents: { id: string }[] }>(client, "list_agents");
    expect(list.data.agents.map((a) => a.id)).toContain(ids.agent);

    const got = await callOk<{ agent: { instructions: string } }>(client, "get_agent", {
      agent_id: ids.agent,
    });
    expect(got.data.agent.instructions.length).toBeGreaterThan(0); // the support preset

    const upd = { agent_id: ids.agent, description: "changed", temperature: 0.2 };
    const first = await callOk(client, "update_agent", upd);
    expect(first.data).toMatchObject({ changed: true, version: 2, agent: { description: "changed" } });
    const again = await callOk(client, "update_agent", upd);
    expect(again.data).toMatchObject({ changed: false, version: 2 });
  });

  it("create_agent, get_agent and update_agent round-trip welcome_message as welcomeMessage", async () => {
    const created = await callOk<{ agent: { id: string; welcomeMessage: string } }>(client, "create_agent", {
      name: "Greeter",
      welcome_message: "Hi from MCP.",
    });
    expect(created.data.agent.welcomeMessage).toBe("Hi from MCP.");
    const agent_id = created.data.agent.id;
    const got = await callOk(client, "get_agent", { agent_id });
    expect(got.data).toMatchObject({ agent: { welcomeMessage: "Hi from MCP." } });
    const updated = await callOk(client, "update_agent", { agent_id, welcome_message: "Changed." });
    expect(updated.data).toMatchObject({ changed: true, version: 2, agent: { welcomeMessage: "Changed." } });
    const again = await callOk(client, "get_agent", { agent_id });
    expect(again.data).toMatchObject({ agent: { welcomeMessage: "Changed.", version: 2 } });
  });

  it("still answers the agent tools' earlier names (agents_list, agents_get, …), which tools/list no longer shows", async () => {
    const byNew = await callOk<{ agents: { id: string }[] }>(client, "list_agents");
    const byOld = await callOk<{ agents: { id: string }[] }>(client, "agents_list");
    expect(byOld.data).toEqual(byNew.data);
    const got = await callOk<{ agent: { id: string } }>(client, "agents_get", { agent_id: ids.agent });
    expect(got.data.agent.id).toBe(ids.agent);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).not.toContain("agents_list");
  });

  it("send_message starts a conversation with the offline model, then continues it", async () => {
    const one = await callOk<{ conversationId: string; reply: Record<string, unknown> }>(
      client,
      "send_message",
      {
        agent_id: ids.agent,
        message: `Hello from MCP ${word}`,
      },
    );
    ids.conversation = one.data.conversationId;
    expect(one.data.reply).toMatchObject({
      role: "assistant",
      status: "complete",
      index: 2,
      model: "offline-demo",
    });
    expect((one.data.reply.untrusted as { text: string }).text).toContain(word);
    // The reply echoes end-user text: the text content is fenced.
    expect(one.text).toMatch(/^Below is the result of send_message\. It contains untrusted data/);
    expect(one.text).toMatch(/<untrusted-data-[0-9a-f-]{36}>[\s\S]*<\/untrusted-data-[0-9a-f-]{36}>/);

    const two = await callOk<{ conversationId: string; reply: { index: number } }>(client, "send_message", {
      agent_id: ids.agent,
      conversation_id: ids.conversation,
      message: "And again",
    });
    expect(two.data.conversationId).toBe(ids.conversation);
    expect(two.data.reply.index).toBe(4);
  });

  it("list_conversations, list_messages and search_conversations read the chat back", async () => {
    const list = await callOk<{ conversations: { id: string; untrusted: { title: string } }[] }>(
      client,
      "list_conversations",
      { agent_id: ids.agent },
    );
    expect(list.data.conversations).toHaveLength(1);
    expect(list.data.conversations[0]?.untrusted.title).toContain("Hello from MCP");

    const msgs = await callOk<{ messages: { index: number; role: string; untrusted: { text: string } }[] }>(
      client,
      "list_messages",
      { conversation_id: ids.conversation },
    );
    expect(msgs.data.messages.map((m) => [m.index, m.role])).toEqual([
      [1, "user"],
      [2, "assistant"],
      [3, "user"],
      [4, "assistant"],
    ]);
    expect(msgs.data.messages[0]?.untrusted.text).toBe(`Hello from MCP ${word}`);
    expect(msgs.data).toMatchObject({ hasOlder: false });

    const page = await callOk<{ messages: { index: number }[]; hasOlder: boolean }>(client, "list_messages", {
      conversation_id: ids.conversation,
      before: 4,
      limit: 2,
    });
    expect(page.data.messages.map((m) => m.index)).toEqual([2, 3]);
    expect(page.data.hasOlder).toBe(true);

    const found = await callOk<{
      matches: { conversationId: string; role: string; untrusted: { snippet: string } }[];
    }>(client, "search_conversations", { query: word.toUpperCase() });
    expect(found.data.matches.map((m) => m.role).sort()).toEqual(["assistant", "user"]);
    expect(found.data.matches.every((m) => m.conversationId === ids.conversation)).toBe(true);
    expect(found.data.matches[0]?.untrusted.snippet).toContain(word);
    expect(found.text).toContain("<untrusted-data-");
  });

  it("list_conversations shows a conversation's priority as our own field and filters by it", async () => {
    // Set through the same lib call PATCH on the web API and /api/v1 make.
    await updateConversation(ws.scope, ids.conversation, { priority: "urgent" });
    const urgent = await callOk<{ conversations: { id: string; priority: string; untrusted: object }[] }>(
      client,
      "list_conversations",
      { priority: "urgent" },
    );
    expect(urgent.data.conversations.map((c) => [c.id, c.priority])).toEqual([[ids.conversation, "urgent"]]);
    expect(urgent.data.conversations[0]?.untrusted).not.toHaveProperty("priority");
    const low = await callOk<{ conversations: unknown[] }>(client, "list_conversations", { priority: "low" });
    expect(low.data.conversations).toEqual([]);
    const read = await callOk<{ conversation: { priority: string } }>(client, "list_messages", {
      conversation_id: ids.conversation,
    });
    expect(read.data.conversation.priority).toBe("urgent");
    await updateConversation(ws.scope, ids.conversation, { priority: "normal" });
  });

  it("the earlier names still answer as aliases; tools/list shows only the verb_noun names", async () => {
    const byName = await callOk(client, "list_conversations", { agent_id: ids.agent });
    const byAlias = await callOk(client, "conversations_list", { agent_id: ids.agent });
    expect(byAlias.data).toEqual(byName.data);
    const old: [string, Record<string, unknown>, Record<string, unknown>][] = [
      ["conversations_messages", { conversation_id: ids.conversation }, { hasOlder: false }],
      [
        "conversations_search",
        { query: word, limit: 1 },
        { matches: [{ conversationId: ids.conversation }] },
      ],
      ["usage_summary", { days: 7 }, { days: 7 }],
      ["workspace_info", {}, { workspace: { id: ws.id } }],
    ];
    for (const [alias, args, expected] of old) {
      expect((await callOk(client, alias, args)).data, alias).toMatchObject(expected);
    }
    const { tools } = await client.listTools();
    for (const alias of [...old.map(([a]) => a), "conversations_list"]) {
      expect(tools.map((t) => t.name)).not.toContain(alias);
    }
  });

  it("get_usage_summary counts the chat", async () => {
    const { data } = await callOk<{ days: number; totals: { messages: number }; daily: unknown[] }>(
      client,
      "get_usage_summary",
      { days: 7 },
    );
    expect(data.days).toBe(7);
    expect(data.daily).toHaveLength(7);
    expect(data.totals.messages).toBeGreaterThanOrEqual(4);
  });

  it("get_billing: billing off on this instance, so no plan and no limits, with the chat counted", async () => {
    const { data } = await callOk<{ enabled: boolean; plan: string | null; usage: { kind: string }[] }>(
      client,
      "get_billing",
    );
    expect(data).toMatchObject({ enabled: false, plan: null });
    expect(data.usage[0]).toMatchObject({ kind: "message", limit: null, used: 2 });
  });

  it("list_products, get_product, create_cart, get_cart, update_cart_item", async () => {
    const list = await callOk<{ products: { sku: string; price: number }[]; nextCursor: string | null }>(
      client,
      "list_products",
    );
    expect(list.data.products.map((p) => [p.sku, p.price])).toEqual([
      ["MUG-1", 12.5],
      ["TEE-1", 20],
    ]);
    const search = await callOk<{ products: { id: string }[] }>(client, "list_products", { search: "shirt" });
    expect(search.data.products.map((p) => p.id)).toEqual([ids.tee]);

    const one = await callOk(client, "get_product", { product_id: ids.mug });
    expect(one.data).toMatchObject({ product: { id: ids.mug, name: "Mug", stock: 10, currency: "USD" } });

    const conv = { conversation_id: ids.conversation };
    const created = await callOk(client, "create_cart", { ...conv, product_id: ids.mug, quantity: 2 });
    expect(created.data).toMatchObject({
      cart: { conversationId: ids.conversation, itemCount: 2, total: 25 },
    });
    expect((await callOk(client, "get_product", { product_id: ids.mug })).data).toMatchObject({
      product: { stock: 8 },
    });
    await callOk(client, "create_cart", { ...conv, product_id: ids.tee, quantity: 1 });
    const cart = await callOk(client, "get_cart", conv);
    expect(cart.data).toMatchObject({
      cart: { itemCount: 3, total: 45, items: [{ sku: "MUG-1" }, { sku: "TEE-1" }] },
    });

    const updated = await callOk(client, "update_cart_item", { ...conv, product_id: ids.mug, quantity: 3 });
    expect(updated.data).toMatchObject({ cart: { itemCount: 4, total: 57.5 } });
    const removed = await callOk(client, "update_cart_item", { ...conv, product_id: ids.mug, quantity: 0 });
    expect(removed.data).toMatchObject({ cart: { itemCount: 1, items: [{ sku: "TEE-1", quantity: 1 }] } });
  });
});

describe("activity", () => {
  it("records every call with key, tool, argument size, status and latency", async () => {
    await flushMcpCalls();
    const rows = await runAsService("test:mcp-calls", (tx) =>
      tx.selectFrom("mcp_calls").selectAll().where("api_key_id", "=", keyId).execute(),
    );
    const tools = new Set(rows.map((r) => r.tool));
    for (const name of ALL_TOOLS.filter((n) => !CHANNEL_TOOLS.includes(n)))
      expect(tools, name).toContain(name);
    expect(
      rows.every((r) => r.direction === "inbound" && r.transport === "http" && r.workspace_id === ws.id),
    ).toBe(true);
    const chat = rows.find((r) => r.tool === "send_message");
    expect(chat?.arg_bytes).toBeGreaterThan(20);
    expect(chat?.latency_ms).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === "ok" && r.error_code === null)).toBe(true);
  });
});
