import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type CallToolResult, ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import { isAppError } from "../errors";
import { logger } from "../logger";
import { createGuardedFetch } from "../net/ssrf";
import type { CachedTool } from "./schema";
import { scrubSecret } from "./secret";

/** Connecting never waits longer than this, whatever the integration's call budget. */
export const MAX_CONNECT_TIMEOUT_MS = 10_000;
const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
const MAX_TOOLS = 200;
const MAX_DESCRIPTION = 2000;
const MAX_SCHEMA_BYTES = 16 * 1024;

export interface McpConnectOptions {
  url: string;
  /** Credential headers, added by the fetch below to each request and held nowhere else. */
  headers: Record<string, string>;
  /** Budget for one request (tools/list, tools/call). */
  timeoutMs: number;
  /** Used only to scrub error text the server might echo it in. */
  secret?: string | null;
  signal?: AbortSignal;
}

export interface McpConnection {
  listTools(): Promise<CachedTool[]>;
  callTool(name: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** A failure with a stable code (recorded in mcp_calls) and a message safe for the model, logs and UI. */
export class IntegrationCallError extends Error {
  /** The underlying error's text with the secret cut out: for logs only. */
  readonly reason: string;

  constructor(
    readonly code: string,
    message: string,
    opts: { cause?: unknown; reason?: string } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "IntegrationCallError";
    this.reason = opts.reason ?? message;
  }
}

/**
 * Every request goes through the SSRF guard (SSRF_ALLOWLIST is read per call),
 * pinned to the vetted address, with no redirects: a redirect could carry a
 * custom credential header to another origin. The standalone GET stream for
 * server-initiated messages is declined (405, as the spec allows): tool calls
 * need none, and it would hold a connection open for the whole turn.
 */
function mcpFetch(opts: McpConnectOptions): typeof fetch {
  const guarded = createGuardedFetch({
    timeoutMs: opts.timeoutMs + 2_000,
    maxBytes: MAX_RESPONSE_BYTES,
    maxRedirects: 0,
  });
  const fn = async (input: RequestInfo | URL, init?: RequestInit) => {
    const method = (init?.method ?? "GET").toUpperCase();
    if (method === "GET") return new Response(null, { status: 405 });
    const headers = new Headers(init?.headers);
    for (const [name, value] of Object.entries(opts.headers)) headers.set(name, value);
    return guarded(input, { ...init, headers });
  };
  return fn as typeof fetch;
}

/** Opens an MCP session over Streamable HTTP; throws IntegrationCallError when it cannot. */
export async function connectMcp(opts: McpConnectOptions): Promise<McpConnection> {
  const transport = new StreamableHTTPClientTransport(new URL(opts.url), {
    fetch: mcpFetch(opts),
    reconnectionOptions: {
      maxRetries: 0,
      initialReconnectionDelay: 1000,
      maxReconnectionDelay: 1000,
      reconnectionDelayGrowFactor: 1,
    },
  });
  const client = new Client({ name: "switchboard", version: "1.0.0" }, { capabilities: {} });
  // Transport hiccups after a request has already failed or finished: the request's own error is what matters.
  client.onerror = (e) =>
    logger.debug(
      { reason: scrubSecret(String(e?.message ?? e), opts.secret ?? null) },
      "mcp client: transport",
    );
  try {
    await client.connect(transport, {
      timeout: Math.min(MAX_CONNECT_TIMEOUT_MS, opts.timeoutMs),
      signal: opts.signal,
    });
  } catch (e) {
    await closeQuietly(client, transport, opts.secret ?? null);
    throw toIntegrationError(e, opts.secret ?? null, "connect");
  }

  return {
    async listTools() {
      const tools: CachedTool[] = [];
      let cursor: string | undefined;
      try {
        do {
          const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: opts.timeoutMs });
          for (const t of page.tools) tools.push(toCachedTool(t));
          cursor = page.nextCursor;
        } while (cursor && tools.length < MAX_TOOLS);
      } catch (e) {
        throw toIntegrationError(e, opts.secret ?? null, "list");
      }
      return tools.slice(0, MAX_TOOLS);
    },
    async callTool(name, args, signal) {
      try {
        return (await client.callTool({ name, arguments: args }, undefined, {
          timeout: opts.timeoutMs,
          signal,
        })) as CallToolResult;
      } catch (e) {
        throw toIntegrationError(e, opts.secret ?? null, "call");
      }
    },
    close: () => closeQuietly(client, transport, opts.secret ?? null),
  };
}

async function closeQuietly(
  client: Client,
  transport: StreamableHTTPClientTransport,
  secret: string | null,
): Promise<void> {
  const reason = (e: unknown) => scrubSecret(String((e as Error)?.message ?? e), secret);
  try {
    // Ends the server-side session, then aborts anything still in flight.
    if (transport.sessionId) await transport.terminateSession();
  } catch (e) {
    logger.debug({ reason: reason(e) }, "mcp client: session not terminated");
  }
  try {
    await client.close();
  } catch (e) {
    logger.warn({ reason: reason(e) }, "mcp client: close failed");
  }
}

function toCachedTool(t: { name: string; description?: string; inputSchema: unknown }): CachedTool {
  const schema =
    t.inputSchema && typeof t.inputSchema === "object" ? (t.inputSchema as Record<string, unknown>) : {};
  const fits = Buffer.byteLength(JSON.stringify(schema)) <= MAX_SCHEMA_BYTES;
  return {
    name: t.name.slice(0, 200),
    description: (t.description ?? "").slice(0, MAX_DESCRIPTION),
    // An oversized schema would crowd the model's context: fall back to "any object".
    inputSchema: fits ? { ...schema, type: "object" } : { type: "object", additionalProperties: true },
  };
}

/** Maps whatever failed to a code and a message that names no header, body or secret. */
export function toIntegrationError(
  e: unknown,
  secret: string | null,
  phase: "connect" | "list" | "call",
): IntegrationCallError {
  if (e instanceof IntegrationCallError) return e;
  // Scrubbed here, where the secret is known: server error bodies may echo the credential.
  const reason = scrubSecret(String((e as Error)?.message ?? e), secret).slice(0, 500);
  const fail = (code: string, message: string) =>
    new IntegrationCallError(code, message, { cause: e, reason });
  const where = phase === "connect" ? "connecting to the server" : "waiting for the server";
  if (isAppError(e)) {
    // Keyring missing or ciphertext unusable: ours to fix, not the server's.
    if (e.code !== "bad_request") return fail("credentials_unavailable", e.message);
    // Our own SSRF guard and fetch: messages are written by us (host and reason only).
    if (e.message.startsWith("Blocked")) return fail("blocked", e.message);
    if (e.message.startsWith("Timed out")) return fail("timeout", `Timed out ${where}.`);
    if (e.message.startsWith("Too many redirects")) {
      return fail("redirect", "The server answered with a redirect; use its final URL.");
    }
    return fail("unreachable", e.message);
  }
  if (e instanceof McpError) {
    if (e.code === ErrorCode.RequestTimeout) return fail("timeout", `Timed out ${where}.`);
    const detail = scrubSecret(e.message, secret).slice(0, 300);
    return fail(`mcp_${e.code}`, `The server refused the request: ${detail}`);
  }
  if (e instanceof StreamableHTTPError) {
    const status = e.code && e.code > 0 ? e.code : undefined;
    if (status === 401 || status === 403) {
      return fail(`http_${status}`, `The server rejected the credentials (HTTP ${status}).`);
    }
    return status
      ? fail(`http_${status}`, `The server answered HTTP ${status}.`)
      : fail("protocol_error", "The server's answer was not valid MCP.");
  }
  if (e instanceof Error && (e.name === "AbortError" || e.name === "TimeoutError")) {
    return fail("timeout", `Timed out ${where}.`);
  }
  if (e instanceof Error && e.name === "UnauthorizedError") {
    return fail("http_401", "The server rejected the credentials (HTTP 401).");
  }
  return fail("failed", "The integration failed.");
}
