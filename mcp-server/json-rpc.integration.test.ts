// What the MCP endpoint does with JSON-RPC it must not run: batches (dropped
// from MCP in 2025-06-18; each message would be a tool call outside the rate
// limit) and requests whose params are the client's mistake, which must be a
// -32602 with a readable message, never an internal error or a zod dump.
// Raw JSON-RPC over real HTTP, and the SDK's real client.
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openDb } from "@/test/db/workspace-kit";
import { listAgents } from "../lib/agents";
import type { Database } from "../lib/db/client";
import { logger } from "../lib/logger";
import {
  httpClient,
  type KeyedWorkspace,
  MCP_HEADERS,
  rpc,
  seedKeyedWorkspace,
} from "../test/mcp/mcp-client-kit";
import { type McpHttpServer, startMcpHttpServer } from "./http";

let db: Database;
let server: McpHttpServer;
let ws: KeyedWorkspace;
let secret: string;

beforeAll(async () => {
  db = openDb();
  server = await startMcpHttpServer({ host: "127.0.0.1", port: 0, rateLimitPerMinute: 10_000 });
  ws = await seedKeyedWorkspace(db, "mcp-json-rpc");
  secret = (await ws.key()).secret;
});

afterAll(async () => {
  await server?.close();
  await db?.destroy();
});

afterEach(() => {
  vi.restoreAllMocks();
});

interface RpcError {
  code: number;
  message: string;
  data?: { code?: string; details?: { path: string; message: string }[] };
}

async function postRaw(body: unknown, url = server.url, key = secret) {
  const res = await fetch(url, {
    method: "POST",
    headers: { ...MCP_HEADERS, authorization: `Bearer ${key}` },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

/** A readable message: no zod issue dump, no stack. */
function expectClear(error: { message: string }) {
  expect(error.message).not.toMatch(/"code":|"expected":|invalid_type|\n|\bat \S+ \(|\.ts:\d+/);
  expect(error.message.length).toBeLessThan(300);
}

const call = (id: number, name: string, args: unknown) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, arguments: args },
});

describe("batches", () => {
  it("400s a batch with -32600 before any of its calls runs", async () => {
    const batch = [1, 2, 3].map((i) => call(i, "agents_create", { name: `Batch bot ${i}` }));
    const res = await postRaw(batch);
    expect(res.status).toBe(400);
    const error = (res.json as { id: unknown; error: RpcError }).error;
    expect(error.code).toBe(-32600);
    expect(error.message).toMatch(/batches are not supported/i);
    expect((res.json as { id: unknown }).id).toBeNull();
    const names = (await listAgents(ws.scope)).map((a) => a.name);
    expect(names.filter((n) => n.startsWith("Batch bot"))).toEqual([]);
  });

  it("400s an empty batch and a batch of notifications alike", async () => {
    for (const batch of [[], [{ jsonrpc: "2.0", method: "notifications/initialized" }]]) {
      const res = await postRaw(batch);
      expect(res.status).toBe(400);
      expect((res.json as { error: RpcError }).error.code).toBe(-32600);
    }
  });

  it("keeps the rate limit per message: 7 requests of 100 calls are 7 requests, and the 4th is refused", async () => {
    const limited = await startMcpHttpServer({ host: "127.0.0.1", port: 0, rateLimitPerMinute: 3 });
    try {
      const key = await ws.key(["read", "catalog"], "batch limited");
      const batch = Array.from({ length: 100 }, (_, i) => call(i + 1, "list_products", {}));
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await postRaw(batch, limited.url, key.secret)).status);
      expect(statuses).toEqual([400, 400, 400, 429, 429, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe("params that are the client's mistake", () => {
  it("-32602s tools/call with `arguments` as a string, raw and through the SDK client, without a zod dump", async () => {
    const res = await postRaw(call(7, "list_products", "limit=5"));
    expect(res.status).toBe(200);
    const body = res.json as { id: number; error: RpcError };
    expect(body.id).toBe(7);
    expect(body.error.code).toBe(-32602);
    expect(body.error.message).toMatch(/arguments/);
    expect(body.error.message).toMatch(/object/);
    expectClear(body.error);
    expect(body.error.data?.details).toEqual([
      { path: "arguments", message: expect.stringMatching(/object/) },
    ]);

    const client = await httpClient(server.url, secret);
    try {
      const err = await client
        .callTool({ name: "list_products", arguments: "limit=5" as unknown as Record<string, unknown> })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(McpError);
      expect((err as McpError).code).toBe(-32602);
      expectClear(err as McpError);
    } finally {
      await client.close();
    }
  });

  it("-32602s every malformed params shape, with the request's id and a readable message", async () => {
    const cases: [string, unknown][] = [
      ["tools/call", null],
      ["tools/call", {}],
      ["tools/call", { name: 5 }],
      ["tools/call", { name: "list_products", arguments: [1, 2] }],
      ["tools/call", "list_products"],
      ["tools/list", null],
      ["tools/list", { cursor: 5 }],
      ["resources/read", undefined],
      ["resources/read", { uri: 5 }],
      ["resources/list", { cursor: 5 }],
      ["resources/templates/list", "x"],
      ["initialize", {}],
      ["initialize", null],
      ["ping", 5],
    ];
    for (const [method, params] of cases) {
      const res = await postRaw({
        jsonrpc: "2.0",
        id: 42,
        method,
        ...(params === undefined ? {} : { params }),
      });
      const body = res.json as { id: unknown; error?: RpcError };
      expect({ method, params, status: res.status, id: body.id, code: body.error?.code }).toEqual({
        method,
        params,
        status: 200,
        id: 42,
        code: -32602,
      });
      expectClear(body.error as RpcError);
    }
  });

  it("answers an unknown tool with -32602 and a method it does not serve with -32601", async () => {
    const unknown = (await postRaw(call(1, "no_such_tool", {}))).json as { error: RpcError };
    expect(unknown.error.code).toBe(-32602);
    expect(unknown.error.message).toMatch(/Unknown tool: no_such_tool/);
    for (const method of ["prompts/get", "prompts/list", "completion/complete", "logging/setLevel"]) {
      const res = (await postRaw(rpc(method, { name: "x" }))).json as { error: RpcError };
      expect(res.error.code).toBe(-32601);
    }
  });

  it("400s JSON that is not a JSON-RPC message as an invalid request (-32600), not a parse error", async () => {
    for (const body of [
      1,
      JSON.stringify("x"),
      null,
      { id: 1, method: "tools/list" },
      { jsonrpc: "2.0", id: {}, method: "tools/list" },
      { jsonrpc: "2.0", id: 1, method: 5 },
    ]) {
      const res = await postRaw(body);
      expect(res.status).toBe(400);
      const error = (res.json as { error: RpcError }).error;
      expect({ body, code: error.code }).toEqual({ body, code: -32600 });
      expectClear(error);
    }
  });
});

describe("resources/read with a malformed URI", () => {
  it("-32602s a bad %-escape as the client's error, with nothing logged as a failure", async () => {
    const logged = vi.spyOn(logger, "error");
    const client = await httpClient(server.url, secret);
    try {
      for (const uri of ["switchboard://agents/%ZZ", "switchboard://conversations/%E0%A4%A/transcript"]) {
        const err = await client.readResource({ uri }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(McpError);
        expect((err as McpError).code).toBe(-32602);
        expect((err as McpError).message).toMatch(/URI/);
        expectClear(err as McpError);
      }
      const raw = (await postRaw(rpc("resources/read", { uri: "switchboard://agents/%ZZ" }))).json as {
        error: RpcError;
      };
      expect(raw.error.code).toBe(-32602);
      expect(raw.error.data?.code).toBe("validation_failed");
    } finally {
      await client.close();
    }
    expect(logged).not.toHaveBeenCalled();
  });

  it("still answers an unknown but well-formed resource with -32002", async () => {
    const res = (
      await postRaw(
        rpc("resources/read", { uri: "switchboard://agents/00000000-0000-4000-8000-000000000000" }),
      )
    ).json as {
      error: RpcError;
    };
    expect(res.error.code).toBe(-32002);
  });
});
