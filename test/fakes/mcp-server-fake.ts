import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

/**
 * A real MCP server (the SDK's McpServer over StreamableHTTPServerTransport)
 * on a local port, stateless (a fresh server per request) or, with
 * `stateful`, with sessions (mcp-session-id, DELETE to end one), for tests of
 * outbound integrations. It records every request's headers and JSON-RPC
 * method and can be told to fail: answer 500, hang on tool calls, or hang on
 * everything, or answer 500 echoing the Authorization header. Tools:
 * - lookup_order {orderId}: fixed order data
 * - big_report {}: 100 KB of text (tests truncation)
 * - flaky_tool {}: an MCP tool error result (isError)
 */
export type TestMcpMode = "ok" | "fail500" | "echo-auth-500" | "hang" | "hang-call";

export interface TestMcpRequest {
  method: string;
  rpcMethod?: string;
  headers: http.IncomingHttpHeaders;
}

export interface TestMcpServer {
  url: string;
  requests: TestMcpRequest[];
  /** Sessions still open (stateful mode). */
  openSessions(): number;
  calls: { tool: string; args: unknown }[];
  setMode(mode: TestMcpMode): void;
  stop(): Promise<void>;
}

export const ORDER_TEXT = (id: string) => `Order ${id}: shipped on 2026-11-20, 2 items, total 42.50 EUR.`;

function buildServer(calls: TestMcpServer["calls"]): McpServer {
  const server = new McpServer({ name: "test-orders", version: "1.0.0" });
  server.registerTool(
    "lookup_order",
    {
      description: "Look up an order by its id.",
      inputSchema: { orderId: z.string().describe("The order id, e.g. A-1001") },
    },
    async ({ orderId }) => {
      calls.push({ tool: "lookup_order", args: { orderId } });
      return { content: [{ type: "text", text: ORDER_TEXT(orderId) }] };
    },
  );
  server.registerTool("big_report", { description: "A very long report." }, async () => {
    calls.push({ tool: "big_report", args: {} });
    return { content: [{ type: "text", text: "x".repeat(100 * 1024) }] };
  });
  server.registerTool("flaky_tool", { description: "Always reports a failure." }, async () => {
    calls.push({ tool: "flaky_tool", args: {} });
    return { isError: true, content: [{ type: "text", text: "backend unavailable" }] };
  });
  return server;
}

export async function startTestMcpServer(opts: { stateful?: boolean } = {}): Promise<TestMcpServer> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const requests: TestMcpRequest[] = [];
  const calls: TestMcpServer["calls"] = [];
  const hanging = new Set<http.ServerResponse>();
  let mode: TestMcpMode = "ok";

  const httpServer = http.createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = raw ? (JSON.parse(raw) as { method?: string }) : undefined;
    requests.push({ method: req.method ?? "", rpcMethod: body?.method, headers: req.headers });
    if (mode === "fail500") {
      res.writeHead(500, { "content-type": "text/plain" }).end("internal error");
      return;
    }
    if (mode === "echo-auth-500") {
      // A careless server that repeats the credential in its error body.
      res.writeHead(500, { "content-type": "text/plain" }).end(`bad token: ${req.headers.authorization}`);
      return;
    }
    if (mode === "hang" || (mode === "hang-call" && body?.method === "tools/call")) {
      hanging.add(res);
      return;
    }
    if (opts.stateful) {
      await handleStateful(req, res, body);
      return;
    }
    const server = buildServer(calls);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  });

  async function handleStateful(req: http.IncomingMessage, res: http.ServerResponse, body: unknown) {
    const sid = req.headers["mcp-session-id"];
    let transport = typeof sid === "string" ? sessions.get(sid) : undefined;
    if (!transport) {
      if (sid) {
        res.writeHead(404).end();
        return;
      }
      const fresh = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: true,
        onsessioninitialized: (id) => void sessions.set(id, fresh),
        onsessionclosed: (id) => void sessions.delete(id),
      });
      await buildServer(calls).connect(fresh);
      transport = fresh;
    }
    await transport.handleRequest(req, res, body);
  }

  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    requests,
    openSessions: () => sessions.size,
    calls,
    setMode: (m) => {
      mode = m;
    },
    async stop() {
      for (const res of hanging) res.destroy();
      for (const t of sessions.values()) await t.close();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
