// Streamable HTTP, stateless: every POST /mcp is authenticated, rate-limited
// and answered by a fresh server + transport (JSON responses, no sessions, no
// SSE), so replicas behind a load balancer need nothing shared but Postgres.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { type ApiKeyPrincipal, authenticateApiKey, bearerToken } from "../lib/api-keys";
import { env } from "../lib/env";
import { toAppError } from "../lib/errors";
import { DRAIN_CEILING_BYTES } from "../lib/http/body";
import { answerClientError, malformedRequest } from "../lib/http/node-bridge";
import { logger } from "../lib/logger";
import { flushMcpCalls } from "../lib/mcp-activity";
import { TokenBucketLimiter } from "../lib/rate-limit/token-bucket";
import { buildHttpPolicy, type HttpPolicy, hostAllowed, originAllowed, splitList } from "./http-guards";
import { checkEnvelope, connectChecked } from "./json-rpc-guard";
import { createMcpServer } from "./server";
import { toolset } from "./tools/toolset";

export interface McpHttpServerOptions {
  host?: string;
  /** 0 picks a free port (tests, benchmarks). */
  port?: number;
  maxBodyBytes?: number;
  /** Requests per API key per minute, in this process. */
  rateLimitPerMinute?: number;
  /** Extra allowed Origins and Host headers, on top of the environment's. */
  allowedOrigins?: string[];
  allowedHosts?: string[];
  /** Registers the `noop` tool (the benchmark's baseline). */
  benchNoop?: boolean;
}

export interface McpHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const MCP_PATH = "/mcp";
const DEFAULT_MAX_BODY = 1024 * 1024;
const CORS_HEADERS =
  "authorization, content-type, accept, mcp-protocol-version, mcp-session-id, last-event-id";

type Headers = Record<string, string>;

function errorBody(code: string, message: string): string {
  const rpcCode = code === "parse_error" ? -32700 : code === "invalid_request" ? -32600 : -32000;
  return JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: rpcCode, message, data: { code } } });
}

/** Every error is a JSON-RPC error object with a machine code in `data.code`; never a stack. */
function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Headers = {},
) {
  res.writeHead(status, { ...headers, "content-type": "application/json" }).end(errorBody(code, message));
}

type Body =
  | { kind: "ok"; bytes: Buffer }
  /** Over the cap; `drained` when it was read to its end, so the connection can stay open. */
  | { kind: "too_large"; drained: boolean }
  /** The client went away mid-body: nobody to answer. */
  | { kind: "aborted" };

/**
 * The body, kept up to `max` bytes. Past that it is still read to its end (and
 * dropped) up to DRAIN_CEILING_BYTES: answering 413 before the client has sent
 * it all, then closing, resets the socket under the client's upload, and the
 * client saw EPIPE instead of the 413.
 */
function readBody(req: IncomingMessage, max: number): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
      else if (size > DRAIN_CEILING_BYTES) {
        req.off("data", onData);
        req.pause();
        resolve({ kind: "too_large", drained: false });
      }
    };
    req.on("data", onData);
    req.once("end", () =>
      resolve(
        size > max
          ? { kind: "too_large", drained: true }
          : { kind: "ok", bytes: Buffer.concat(chunks, size) },
      ),
    );
    // An aborted upload is an "error" on the request; resolving twice is a no-op.
    req.once("error", () => resolve({ kind: "aborted" }));
    req.once("close", () => resolve({ kind: "aborted" }));
  });
}

function webRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  // The transport only reads the path from the URL; the Host header was checked already.
  return new Request(new URL(req.url ?? MCP_PATH, "http://mcp.invalid"), { method: "POST", headers });
}

async function writeResponse(res: ServerResponse, response: Response, extra: Headers) {
  const headers: Headers = { ...extra };
  response.headers.forEach((v, k) => {
    headers[k] = v;
  });
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  res.writeHead(response.status, headers).end(body);
}

interface HandlerDeps {
  policy: HttpPolicy;
  limiter: TokenBucketLimiter;
  maxBodyBytes: number;
  tools: ReturnType<typeof toolset>;
}

async function handle(req: IncomingMessage, res: ServerResponse, d: HandlerDeps): Promise<void> {
  // A Host or target that makes no URL (`Host: a b`, a bad %-escape) is refused before anything reads it.
  const malformed = malformedRequest(req);
  if (malformed) {
    logger.info(
      { method: req.method, target: req.url?.slice(0, 200), reason: malformed },
      "mcp: malformed request refused",
    );
    return sendError(res, 400, "bad_request", malformed);
  }
  const path = (req.url ?? "/").split("?")[0];
  if (path !== MCP_PATH)
    return sendError(res, 404, "not_found", `Not found. The MCP endpoint is ${MCP_PATH}.`);
  // DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends Host: evil.example.
  if (!hostAllowed(d.policy, req.headers.host)) {
    return sendError(res, 403, "bad_host", "This Host is not allowed. Add it to MCP_ALLOWED_HOSTS.");
  }
  const origin = req.headers.origin;
  if (!originAllowed(d.policy, origin)) {
    return sendError(res, 403, "bad_origin", "This Origin is not allowed. Add it to MCP_ALLOWED_ORIGINS.");
  }
  const cors: Headers = origin
    ? {
        "access-control-allow-origin": origin,
        "access-control-expose-headers": "www-authenticate, retry-after, mcp-session-id",
        vary: "Origin",
      }
    : {};
  if (req.method === "OPTIONS") {
    res.writeHead(204, {
      ...cors,
      allow: "POST, OPTIONS",
      ...(origin
        ? {
            "access-control-allow-methods": "POST, OPTIONS",
            "access-control-allow-headers": CORS_HEADERS,
            "access-control-max-age": "600",
          }
        : {}),
    });
    res.end();
    return;
  }
  if (req.method !== "POST") {
    // Stateless: no standalone SSE stream (GET) and no session to end (DELETE).
    return sendError(
      res,
      405,
      "method_not_allowed",
      "Method not allowed: this server is stateless; POST only.",
      {
        ...cors,
        allow: "POST, OPTIONS",
      },
    );
  }
  const tooLarge = (drained: boolean) =>
    sendError(res, 413, "payload_too_large", `The request body is larger than ${d.maxBodyBytes} bytes.`, {
      ...cors,
      ...(drained ? {} : { connection: "close" }),
    });
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > d.maxBodyBytes) {
    // Read it off the wire first (see readBody), unless it is too big to bother.
    if (declared > DRAIN_CEILING_BYTES) return tooLarge(false);
    const body = await readBody(req, d.maxBodyBytes);
    if (body.kind === "too_large") return tooLarge(body.drained);
    return; // aborted; a body shorter than declared is cut by Node's parser
  }

  const token = bearerToken(req.headers.authorization);
  let principal: ApiKeyPrincipal;
  try {
    principal = await authenticateApiKey(token);
  } catch (e) {
    const err = toAppError(e);
    if (err.code !== "unauthorized") throw e;
    // RFC 6750: name the scheme; say why when a token was sent.
    const challenge = token
      ? 'Bearer realm="switchboard", error="invalid_token"'
      : 'Bearer realm="switchboard"';
    return sendError(res, 401, "unauthorized", err.message, { ...cors, "www-authenticate": challenge });
  }
  const rate = d.limiter.take(principal.keyId);
  if (!rate.allowed) {
    return sendError(res, 429, "rate_limited", "Too many requests for this API key. Slow down.", {
      ...cors,
      "retry-after": String(rate.retryAfterSeconds),
    });
  }
  const body = await readBody(req, d.maxBodyBytes);
  if (body.kind === "aborted") return;
  if (body.kind === "too_large") return tooLarge(body.drained);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.bytes.toString("utf8"));
  } catch {
    return sendError(res, 400, "parse_error", "The request body is not valid JSON.", cors);
  }
  // One message per request, so the rate limit above counts every tool call.
  const refusal = checkEnvelope(parsed);
  if (refusal) {
    res
      .writeHead(refusal.status, { ...cors, "content-type": "application/json" })
      .end(JSON.stringify(refusal.body));
    return;
  }

  const server = createMcpServer({ transport: "http", principal: async () => principal, tools: d.tools });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await connectChecked(server, transport);
  const response = await transport.handleRequest(webRequest(req), { parsedBody: parsed });
  // Not closed: in JSON mode the transport holds nothing once it has answered (no
  // stream, no timer), and close() builds a "connection closed" McpError, stack
  // trace included, for handlers that cannot exist by then: about 1% of the CPU.
  await writeResponse(res, response, cors);
}

export async function startMcpHttpServer(opts: McpHttpServerOptions = {}): Promise<McpHttpServer> {
  const e = env();
  const host = opts.host ?? e.MCP_HOST;
  const deps: Omit<HandlerDeps, "policy"> = {
    limiter: TokenBucketLimiter.perMinute(opts.rateLimitPerMinute ?? e.MCP_RATE_LIMIT),
    maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY,
    tools: toolset({ benchNoop: opts.benchNoop ?? process.env.MCP_BENCH_NOOP === "1" }),
  };
  let policy: HttpPolicy | undefined;
  // Node's own Host check answers a bare 400; malformedRequest checks it instead.
  const server = http.createServer({ requireHostHeader: false }, (req, res) => {
    if (!policy) return sendError(res, 503, "unavailable", "Starting up.");
    handle(req, res, { ...deps, policy }).catch((err) => {
      logger.error({ err, method: req.method, url: req.url }, "mcp: request failed");
      if (!res.headersSent) sendError(res, 500, "internal", "Something went wrong on our side.");
      else res.destroy();
    });
  });
  server.on("clientError", (err, socket) =>
    answerClientError(err, socket, (status, message) =>
      errorBody(
        status === 431 ? "headers_too_large" : status === 408 ? "request_timeout" : "bad_request",
        message,
      ),
    ),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? e.MCP_PORT, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  policy = buildHttpPolicy({
    port,
    appUrl: e.APP_URL,
    extraOrigins: [...splitList(e.MCP_ALLOWED_ORIGINS), ...(opts.allowedOrigins ?? [])],
    extraHosts: [...splitList(e.MCP_ALLOWED_HOSTS), ...(opts.allowedHosts ?? [])],
    publicUrl: e.MCP_PUBLIC_URL,
  });
  const urlHost = host.includes(":") ? `[${host}]` : host === "0.0.0.0" ? "127.0.0.1" : host;
  return {
    url: `http://${urlHost}:${port}${MCP_PATH}`,
    port,
    async close() {
      // Stop accepting, let requests in flight finish (up to 10 s), then record what they did.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(timer);
      await flushMcpCalls();
    },
  };
}
