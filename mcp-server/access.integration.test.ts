// What the MCP tools and resources refuse, through the SDK's real Client over
// Streamable HTTP: bad arguments, unknown ids and tools, keys without the
// scope, unknown resources; and that the failures are logged with their code.
import { randomUUID } from "node:crypto";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, uniq } from "@/test/db/workspace-kit";
import { createProduct } from "../lib/catalog";
import type { Database } from "../lib/db/client";
import { runAsService } from "../lib/db/rls";
import { flushMcpCalls } from "../lib/mcp-activity";
import {
  callError,
  callOk,
  httpClient,
  type KeyedWorkspace,
  seedKeyedWorkspace,
} from "../test/mcp/mcp-client-kit";
import { type McpHttpServer, startMcpHttpServer } from "./http";

let db: Database;
let server: McpHttpServer;
let ws: KeyedWorkspace;
let keyId: string;
let client: Client;
const word = `wombat${uniq()}`;
const ids = { agent: "", conversation: "", mug: "", tee: "" };

beforeAll(async () => {
  db = openDb();
  server = await startMcpHttpServer({ host: "127.0.0.1", port: 0, rateLimitPerMinute: 10_000 });
  ws = await seedKeyedWorkspace(db, "mcp-access");
  const key = await ws.key();
  keyId = key.id;
  client = await httpClient(server.url, key.secret);
  ids.mug = (await createProduct(ws.scope, { sku: "MUG-1", name: "Mug", price: 12.5, stock: 10 })).id;
  ids.tee = (await createProduct(ws.scope, { sku: "TEE-1", name: "T-shirt", price: 20, stock: 5 })).id;
  const agent = await callOk<{ agent: { id: string } }>(client, "agents_create", { name: "MCP bot" });
  ids.agent = agent.data.agent.id;
  const chat = await callOk<{ conversationId: string }>(client, "chat_send", {
    agent_id: ids.agent,
    message: `Hello ${word}`,
  });
  ids.conversation = chat.data.conversationId;
});

afterAll(async () => {
  await client?.close();
  await server?.close();
  await db?.destroy();
});

describe("errors", () => {
  it("bad arguments are isError validation_failed naming the field", async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ["agents_get", { agent_id: "nope" }, "agent_id"],
      ["update_agent", { agent_id: ids.agent, welcome_message: "z".repeat(501) }, "welcome_message"],
      ["list_products", { limit: 1000 }, "limit"],
      ["create_cart", { conversation_id: randomUUID(), product_id: ids.mug, quantity: 0 }, "quantity"],
      ["chat_send", { agent_id: ids.agent, message: "   " }, "message"],
      ["get_usage_summary", { days: 8 }, "days"],
      ["list_conversations", { priority: "asap" }, "priority"],
      ["get_workspace", { surprise: true }, ""],
    ];
    for (const [tool, args, field] of cases) {
      const err = await callError(client, tool, args);
      expect(err.code, tool).toBe("validation_failed");
      expect(JSON.stringify(err.details), tool).toContain(field);
    }
  });

  it("unknown ids are not_found, out of stock is a conflict with its reason", async () => {
    expect((await callError(client, "agents_get", { agent_id: randomUUID() })).code).toBe("not_found");
    expect((await callError(client, "get_product", { product_id: randomUUID() })).code).toBe("not_found");
    expect((await callError(client, "get_cart", { conversation_id: randomUUID() })).code).toBe("not_found");
    expect((await callError(client, "list_messages", { conversation_id: randomUUID() })).code).toBe(
      "not_found",
    );
    const oos = await callError(client, "create_cart", {
      conversation_id: ids.conversation,
      product_id: ids.tee,
      quantity: 999,
    });
    expect(oos).toMatchObject({ code: "conflict", details: { code: "out_of_stock" } });
  });

  it("an unknown tool is a JSON-RPC invalid-params error", async () => {
    const err = await client.callTool({ name: "drop_database", arguments: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(McpError);
    expect((err as McpError).code).toBe(-32602);
  });
});

describe("scopes", () => {
  it("a read-only catalog key lists only what it may call, and is refused the rest", async () => {
    const key = await ws.key(["read", "catalog"], "catalog reader");
    const reader = await httpClient(server.url, key.secret);
    try {
      const { tools } = await reader.listTools();
      expect(tools.map((t) => t.name)).toEqual(["get_workspace", "list_products", "get_product", "get_cart"]);
      expect(
        (
          await callError(reader, "create_cart", {
            conversation_id: ids.conversation,
            product_id: ids.mug,
            quantity: 1,
          })
        ).code,
      ).toBe("forbidden");
      const denied = await callError(reader, "agents_list");
      expect(denied).toMatchObject({ code: "forbidden", details: { required: ["read", "agents"] } });
      await callOk(reader, "list_products");
    } finally {
      await reader.close();
    }
  });

  it("a write + agents key gets the agent tools only", async () => {
    const key = await ws.key(["write", "agents"], "agent admin");
    const admin = await httpClient(server.url, key.secret);
    try {
      const { tools } = await admin.listTools();
      expect(tools.map((t) => t.name)).toEqual([
        "get_workspace",
        "list_agents",
        "get_agent",
        "create_agent",
        "update_agent",
        "list_inboxes",
      ]);
    } finally {
      await admin.close();
    }
  });
});

describe("resources", () => {
  it("lists templates and resources, and reads an agent and a fenced transcript", async () => {
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual([
      "switchboard://agents/{id}",
      "switchboard://conversations/{id}/transcript",
    ]);
    const { resources } = await client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toContain(`switchboard://agents/${ids.agent}`);
    expect(uris).toContain(`switchboard://conversations/${ids.conversation}/transcript`);

    const agent = await client.readResource({ uri: `switchboard://agents/${ids.agent}` });
    const content = agent.contents[0] as { text: string; mimeType: string };
    expect(content.mimeType).toBe("application/json");
    expect(JSON.parse(content.text)).toMatchObject({ id: ids.agent, name: "MCP bot" });

    const transcript = await client.readResource({
      uri: `switchboard://conversations/${ids.conversation}/transcript`,
    });
    const text = (transcript.contents[0] as { text: string }).text;
    expect(text).toMatch(/<untrusted-data-[0-9a-f-]{36}>/);
    expect(text).toContain(word);
  });

  it("an unknown resource is -32002; a key without the group is refused", async () => {
    const missing = await client
      .readResource({ uri: `switchboard://agents/${randomUUID()}` })
      .catch((e) => e);
    expect((missing as McpError).code).toBe(-32002);
    const key = await ws.key(["read", "catalog"], "no agents");
    const reader = await httpClient(server.url, key.secret);
    try {
      expect((await reader.listResourceTemplates()).resourceTemplates).toEqual([]);
      expect((await reader.listResources()).resources).toEqual([]);
      const refused = await reader.readResource({ uri: `switchboard://agents/${ids.agent}` }).catch((e) => e);
      expect(refused).toBeInstanceOf(McpError);
      expect((refused as McpError).message).toMatch(/lacks/);
    } finally {
      await reader.close();
    }
  });
});

describe("activity", () => {
  it("records failures with their code", async () => {
    await flushMcpCalls();
    const rows = await runAsService("test:mcp-calls", (tx) =>
      tx.selectFrom("mcp_calls").selectAll().where("api_key_id", "=", keyId).execute(),
    );
    const failed = rows.filter((r) => r.status === "error").map((r) => r.error_code);
    expect(failed).toEqual(
      expect.arrayContaining(["validation_failed", "not_found", "conflict", "unknown_tool"]),
    );
    expect(rows.map((r) => r.tool)).toContain("resources/read");
  });
});
