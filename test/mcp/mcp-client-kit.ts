// Shared by the MCP integration tests: seeded workspaces with API keys, and
// real SDK clients connected over real HTTP or a spawned stdio process.
import { spawn } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { type SeedWorkspace, seedWorkspace } from "@/test/db/workspace-kit";
import { createApiKey } from "../../lib/api-keys/index";
import type { ApiKeyScope } from "../../lib/api-keys/schema";
import type { Database } from "../../lib/db/client";
import { freePort } from "../../lib/db/throwaway";

export const ALL_SCOPES: ApiKeyScope[] = [
  "write",
  "agents",
  "chat",
  "conversations",
  "catalog",
  "usage",
  "flows",
];

export interface KeyedWorkspace extends SeedWorkspace {
  scope: { claims: SeedWorkspace["users"]["admin"]["claims"]; workspaceId: string };
  /** A new key of this workspace, created by its admin. */
  key(scopes?: ApiKeyScope[], name?: string): Promise<{ id: string; secret: string }>;
}

export async function seedKeyedWorkspace(db: Database, label: string): Promise<KeyedWorkspace> {
  const ws = await seedWorkspace(db, label);
  const scope = { claims: ws.users.admin.claims, workspaceId: ws.id };
  return {
    ...ws,
    scope,
    async key(scopes = ALL_SCOPES, name = "test key") {
      const { key, secret } = await createApiKey(scope, { name, scopes });
      return { id: key.id, secret };
    },
  };
}

export async function httpClient(
  url: string,
  secret: string,
  headers: Record<string, string> = {},
): Promise<Client> {
  const client = new Client({ name: "switchboard-tests", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { authorization: `Bearer ${secret}`, ...headers } },
  });
  await client.connect(transport);
  return client;
}

/** tools/call, failing the test when the result is an error. */
export async function callOk<T = Record<string, unknown>>(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<{ data: T; text: string }> {
  const res = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = res.content.map((c) => (c.type === "text" ? c.text : "")).join("");
  if (res.isError) throw new Error(`${name} failed: ${text}`);
  return { data: res.structuredContent as T, text };
}

export interface ToolError {
  code: string;
  message: string;
  details?: unknown;
}

/** tools/call that must fail as a tool error (isError): returns the `{ code, message }` it carries. */
export async function callError(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<ToolError> {
  const res = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = res.content.map((c) => (c.type === "text" ? c.text : "")).join("");
  if (!res.isError) throw new Error(`${name} was expected to fail but returned ${text.slice(0, 300)}`);
  if (res.structuredContent !== undefined)
    throw new Error("an error result must not carry structuredContent");
  return (JSON.parse(text) as { error: ToolError }).error;
}

/** A JSON-RPC POST by hand, for the HTTP-level checks the SDK client hides. */
export function rpc(method: string, params: Record<string, unknown> = {}, id = 1): string {
  return JSON.stringify({ jsonrpc: "2.0", id, method, params });
}

export const MCP_HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
  "mcp-protocol-version": "2025-11-25",
};

/** `mcp-server/main.ts` as production runs it, in its own process, on the test database. */
export async function startMcpProcess(
  env: Record<string, string> = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const proc = spawn(process.execPath, ["--import", "tsx", "mcp-server/main.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, MCP_HOST: "127.0.0.1", MCP_PORT: String(port), LOG_LEVEL: "warn", ...env },
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null) return resolve();
      proc.once("exit", () => resolve());
      proc.kill("SIGTERM");
    });
  const url = `http://127.0.0.1:${port}/mcp`;
  const deadline = Date.now() + 30_000;
  while (
    (await fetch(url, { method: "POST" }).then(
      (r) => r.status,
      () => 0,
    )) !== 401
  ) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error("the MCP server process did not start");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop };
}
