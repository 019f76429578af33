// The stdio entry point as a local client runs it: a spawned
// `tsx mcp-server/stdio.ts` with the key in SWITCHBOARD_API_KEY, driven by the
// SDK's real StdioClientTransport.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "@/test/db/workspace-kit";
import { revokeApiKey } from "../lib/api-keys";
import { createProduct } from "../lib/catalog";
import type { Database } from "../lib/db/client";
import { runAsService } from "../lib/db/rls";
import { callError, callOk, type KeyedWorkspace, seedKeyedWorkspace } from "../test/mcp/mcp-client-kit";

let db: Database;
let ws: KeyedWorkspace;
let productId: string;

beforeAll(async () => {
  db = openDb();
  ws = await seedKeyedWorkspace(db, "mcp-stdio");
  productId = (await createProduct(ws.scope, { sku: "CUP-1", name: "Cup", price: 3, stock: 4 })).id;
});

afterAll(async () => {
  await db?.destroy();
});

function spawnClient(secret: string) {
  const transport = new StdioClientTransport({
    command: "node_modules/.bin/tsx",
    args: ["mcp-server/stdio.ts"],
    env: {
      DATABASE_URL: process.env.DATABASE_URL as string,
      SECRETS_KEYS: process.env.SECRETS_KEYS as string,
      AUTH_SECRET: process.env.AUTH_SECRET as string,
      SWITCHBOARD_API_KEY: secret,
      LOG_LEVEL: "info",
    },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (c) => (stderr += String(c)));
  const client = new Client({ name: "switchboard-stdio-tests", version: "1.0.0" });
  // A line on stdout that is not JSON-RPC (a stray log) reaches the client as an error here.
  const errors: Error[] = [];
  client.onerror = (e) => errors.push(e);
  return { client, transport, stderr: () => stderr, errors };
}

describe("stdio", () => {
  it("serves tools and resources to a spawned client, logging to stderr only", async () => {
    const key = await ws.key();
    const { client, transport, stderr, errors } = spawnClient(key.secret);
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools).toHaveLength(25); // get_billing joined the 20 (issue 15), the 4 channel tools (issue 14)
      const info = await callOk(client, "workspace_info");
      expect(info.data).toMatchObject({ workspace: { id: ws.id }, transport: "stdio" });

      const agent = await callOk<{ agent: { id: string } }>(client, "agents_create", { name: "Stdio bot" });
      const chat = await callOk<{ conversationId: string; reply: { status: string } }>(client, "chat_send", {
        agent_id: agent.data.agent.id,
        message: "hello over stdio",
      });
      expect(chat.data.reply.status).toBe("complete");
      const conv = { conversation_id: chat.data.conversationId };
      await callOk(client, "create_cart", { ...conv, product_id: productId, quantity: 2 });
      const cart = await callOk(client, "get_cart", conv);
      expect(cart.data).toMatchObject({ cart: { itemCount: 2, total: 6 } });
      const listed = await callOk<{ products: unknown[] }>(client, "list_products");
      expect(listed.data.products).toHaveLength(1);

      expect((await callError(client, "get_product", { product_id: "x" })).code).toBe("validation_failed");
      const { resources } = await client.listResources();
      expect(resources.map((r) => r.uri)).toContain(`switchboard://agents/${agent.data.agent.id}`);
    } finally {
      await client.close();
    }
    // The logs went to stderr and stdout carried nothing but JSON-RPC.
    expect(stderr()).toContain("serving on stdio");
    expect(errors).toEqual([]);

    // The server flushed its activity when stdin closed.
    const rows = await runAsService("test:mcp-calls", (tx) =>
      tx.selectFrom("mcp_calls").select(["tool", "transport"]).where("api_key_id", "=", key.id).execute(),
    );
    expect(rows.map((r) => r.tool)).toEqual(
      expect.arrayContaining(["workspace_info", "chat_send", "create_cart", "get_product"]),
    );
    expect(rows.every((r) => r.transport === "stdio")).toBe(true);
  });

  it("filters tools by the key's scopes", async () => {
    const key = await ws.key(["read", "catalog"], "stdio reader");
    const { client, transport } = spawnClient(key.secret);
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(["get_workspace", "list_products", "get_product", "get_cart"]);
      expect((await callError(client, "agents_list")).code).toBe("forbidden");
    } finally {
      await client.close();
    }
  });

  it("refuses the next request once the key is revoked", async () => {
    const key = await ws.key(["read", "catalog"], "stdio revoked");
    const { client, transport } = spawnClient(key.secret);
    await client.connect(transport);
    try {
      await callOk(client, "list_products");
      await revokeApiKey(ws.scope, key.id);
      const err = await client.callTool({ name: "list_products", arguments: {} }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(McpError);
      expect((err as McpError).message).toMatch(/revoked/);
      await expect(client.listTools()).rejects.toThrow(/revoked/);
    } finally {
      await client.close();
    }
  });

  it("answers params the SDK would reject with -32602 and a readable message, as over HTTP", async () => {
    const key = await ws.key();
    const { client, transport } = spawnClient(key.secret);
    await client.connect(transport);
    try {
      const args = "limit=5" as unknown as Record<string, unknown>;
      const err = await client.callTool({ name: "list_products", arguments: args }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(McpError);
      expect((err as McpError).code).toBe(-32602);
      expect((err as McpError).message).toMatch(/arguments: expected an object, got a string/);
      expect((err as McpError).message).not.toMatch(/invalid_type|"expected"/);
      const bad = await client.readResource({ uri: "switchboard://agents/%ZZ" }).catch((e: unknown) => e);
      expect((bad as McpError).code).toBe(-32602);
      await callOk(client, "list_products"); // the session carries on
    } finally {
      await client.close();
    }
  });

  it("exits at start-up with a clear message for a bad key", async () => {
    const { client, transport, stderr } = spawnClient(`sbk_AAAAAAAA_${"C".repeat(40)}`);
    const exited = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
    });
    await expect(client.connect(transport)).rejects.toThrow();
    await exited;
    expect(stderr()).toContain("This API key is not valid.");
  });
});
