// Cross-tenant: a key of workspace A, even holding B's ids, sees and touches
// nothing of workspace B, through every tool and resource.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, uniq } from "@/test/db/workspace-kit";
import { createProduct } from "../lib/catalog";
import type { Database } from "../lib/db/client";
import { callError, callOk, httpClient, seedKeyedWorkspace } from "../test/mcp/mcp-client-kit";
import { type McpHttpServer, startMcpHttpServer } from "./http";

let db: Database;
let server: McpHttpServer;
let a: Client;
let b: Client;
const secretWord = `okapi${uniq()}`;
const A = { agent: "", conversation: "", product: "" };
const B = { agent: "", conversation: "", product: "" };

async function seedSide(client: Client, ids: typeof A, message: string) {
  ids.agent = (
    await callOk<{ agent: { id: string } }>(client, "agents_create", { name: "Side bot" })
  ).data.agent.id;
  const chat = await callOk<{ conversationId: string }>(client, "chat_send", {
    agent_id: ids.agent,
    message,
  });
  ids.conversation = chat.data.conversationId;
  await callOk(client, "create_cart", {
    conversation_id: ids.conversation,
    product_id: ids.product,
    quantity: 1,
  });
}

beforeAll(async () => {
  db = openDb();
  server = await startMcpHttpServer({ host: "127.0.0.1", port: 0, rateLimitPerMinute: 10_000 });
  const [wa, wb] = await Promise.all([
    seedKeyedWorkspace(db, "mcp-iso-a"),
    seedKeyedWorkspace(db, "mcp-iso-b"),
  ]);
  A.product = (await createProduct(wa.scope, { sku: "A-1", name: "Apple", price: 1, stock: 5 })).id;
  B.product = (await createProduct(wb.scope, { sku: "B-1", name: "Banana", price: 2, stock: 5 })).id;
  a = await httpClient(server.url, (await wa.key()).secret);
  b = await httpClient(server.url, (await wb.key()).secret);
  await seedSide(a, A, "hello from A");
  await seedSide(b, B, `B's secret ${secretWord}`);
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await server?.close();
  await db?.destroy();
});

const code = async (tool: string, args: Record<string, unknown>) => (await callError(a, tool, args)).code;

describe("a key of workspace A against workspace B", () => {
  it("lists none of B's agents, conversations, messages or products", async () => {
    const agents = await callOk<{ agents: { id: string }[] }>(a, "agents_list");
    expect(agents.data.agents.map((x) => x.id)).toEqual([A.agent]);
    const convs = await callOk<{ conversations: { id: string }[] }>(a, "list_conversations");
    expect(convs.data.conversations.map((x) => x.id)).toEqual([A.conversation]);
    const byText = await callOk<{ conversations: unknown[] }>(a, "list_conversations", { query: secretWord });
    expect(byText.data.conversations).toEqual([]);
    const search = await callOk<{ matches: unknown[] }>(a, "search_conversations", { query: secretWord });
    expect(search.data.matches).toEqual([]);
    const products = await callOk<{ products: { id: string }[] }>(a, "list_products", {
      include_inactive: true,
    });
    expect(products.data.products.map((x) => x.id)).toEqual([A.product]);
    const usage = await callOk<{ agents: { agentId: string | null }[] }>(a, "get_usage_summary");
    expect(usage.data.agents.map((x) => x.agentId)).not.toContain(B.agent);
    // B itself does find its own word: the search works, A just cannot see it.
    const own = await callOk<{ matches: unknown[] }>(b, "search_conversations", { query: secretWord });
    expect(own.data.matches.length).toBeGreaterThan(0);
  });

  it("gets not_found for B's ids on every read", async () => {
    expect(await code("agents_get", { agent_id: B.agent })).toBe("not_found");
    expect(await code("list_messages", { conversation_id: B.conversation })).toBe("not_found");
    expect(await code("get_product", { product_id: B.product })).toBe("not_found");
    expect(await code("get_cart", { conversation_id: B.conversation })).toBe("not_found");
  });

  it("gets not_found for B's ids on every write, and B's data is unchanged", async () => {
    expect(await code("agents_update", { agent_id: B.agent, name: "pwned" })).toBe("not_found");
    expect(await code("chat_send", { agent_id: B.agent, message: "hi" })).toBe("not_found");
    expect(
      await code("chat_send", { agent_id: A.agent, conversation_id: B.conversation, message: "hi" }),
    ).toBe("not_found");
    const cartB = { conversation_id: B.conversation, product_id: B.product, quantity: 2 };
    expect(await code("create_cart", cartB)).toBe("not_found");
    expect(await code("update_cart_item", cartB)).toBe("not_found");
    expect(await code("create_cart", { ...cartB, conversation_id: A.conversation })).toBe("not_found");
    expect(await code("create_cart", { ...cartB, product_id: A.product })).toBe("not_found");

    const agent = await callOk(b, "agents_get", { agent_id: B.agent });
    expect(agent.data).toMatchObject({ agent: { name: "Side bot", version: 1 } });
    const cart = await callOk(b, "get_cart", { conversation_id: B.conversation });
    expect(cart.data).toMatchObject({ cart: { itemCount: 1 } });
    const msgs = await callOk<{ messages: unknown[] }>(b, "list_messages", {
      conversation_id: B.conversation,
    });
    expect(msgs.data.messages).toHaveLength(2);
  });

  it("cannot list or read B's resources", async () => {
    const { resources } = await a.listResources();
    const uris = resources.map((r) => r.uri).join(" ");
    expect(uris).not.toContain(B.agent);
    expect(uris).not.toContain(B.conversation);
    for (const uri of [
      `switchboard://agents/${B.agent}`,
      `switchboard://conversations/${B.conversation}/transcript`,
    ]) {
      const err = (await a.readResource({ uri }).catch((e) => e)) as McpError;
      expect(err.code, uri).toBe(-32002);
    }
  });
});
