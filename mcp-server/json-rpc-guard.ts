// The JSON-RPC the server refuses before the SDK runs it, with errors a client
// can act on. Without this the SDK answered a request with malformed params
// (`arguments` as a string, `params: null`, a numeric `uri`) with -32603 and
// zod's issue list as the message, valid JSON that is not JSON-RPC with
// -32700 ("parse error"), and ran every message of a batch, which MCP dropped
// in 2025-06-18 and which let one rate-limited request carry any number of
// tool calls.
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  InitializeRequestSchema,
  isJSONRPCRequest,
  type JSONRPCErrorResponse,
  JSONRPCMessageSchema,
  type JSONRPCRequest,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  PingRequestSchema,
  ReadResourceRequestSchema,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import { logger } from "../lib/logger";
import type { FieldIssue } from "../lib/validation";

/**
 * An error the SDK sends as `{ code, message, data }`. Unlike McpError, the
 * message is not prefixed with "MCP error <code>: " (the client's McpError adds
 * that prefix again, so clients showed it twice).
 */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "RpcError";
  }
}

/** A refusal of the whole HTTP request, before any server or transport exists. */
export interface Refusal {
  status: number;
  body: JSONRPCErrorResponse | { jsonrpc: "2.0"; id: null; error: JSONRPCErrorResponse["error"] };
}

const refuse = (status: number, id: RequestId | null, code: number, message: string, data: object) => ({
  status,
  body: { jsonrpc: "2.0" as const, id, error: { code, message, data } },
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is RequestId =>
  typeof v === "string" || (typeof v === "number" && Number.isSafeInteger(v));

/**
 * The checks of one parsed HTTP body as a whole: one JSON-RPC 2.0 message,
 * never a batch. Undefined when the transport may have it.
 */
export function checkEnvelope(value: unknown): Refusal | undefined {
  if (Array.isArray(value)) {
    return refuse(
      400,
      null,
      ErrorCode.InvalidRequest,
      "Invalid Request: batches are not supported (MCP removed JSON-RPC batching in 2025-06-18); send one message per request.",
      { code: "batch_not_supported" },
    );
  }
  const invalid = (why: string, id: RequestId | null = null) =>
    refuse(400, id, ErrorCode.InvalidRequest, `Invalid Request: ${why}`, { code: "invalid_request" });
  if (!isObject(value)) return invalid("the body must be one JSON-RPC 2.0 message (an object).");
  if (value.jsonrpc !== "2.0") return invalid('"jsonrpc" must be "2.0".');
  if ("id" in value && !isId(value.id)) return invalid('"id" must be a string or an integer.');
  const id = isId(value.id) ? value.id : null;
  if ("method" in value) {
    if (typeof value.method !== "string" || value.method === "")
      return invalid('"method" must be a non-empty string.', id);
    if ("params" in value && !isObject(value.params)) {
      // A request the client can be answered on: its own mistake, on its own id.
      if (id !== null) {
        return refuse(
          200,
          id,
          ErrorCode.InvalidParams,
          `Invalid params for ${value.method}: "params" must be an object.`,
          {
            code: "validation_failed",
            details: [{ path: "params", message: "must be an object" }],
          },
        );
      }
      return invalid('"params" must be an object.');
    }
  }
  if (!JSONRPCMessageSchema.safeParse(value).success)
    return invalid("not a JSON-RPC 2.0 request, notification or response.", id);
  return undefined;
}

// The requests this server answers, by the SDK's own schemas: the ones it would
// apply itself, after this check, with a zod dump as the error.
const REQUESTS = new Map(
  [
    InitializeRequestSchema,
    PingRequestSchema,
    ListToolsRequestSchema,
    CallToolRequestSchema,
    ListResourcesRequestSchema,
    ListResourceTemplatesRequestSchema,
    ReadResourceRequestSchema,
  ].map((schema) => [schema.shape.method.value as string, schema]),
);

const TYPE_NAMES: Record<string, string> = {
  object: "an object",
  record: "an object",
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  array: "an array",
};

function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of path)
    v = isObject(v) || Array.isArray(v) ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

/** The params of a request this server answers, checked as the SDK would; the error to send instead, if any. */
export function invalidParams(request: JSONRPCRequest): JSONRPCErrorResponse | undefined {
  const schema = REQUESTS.get(request.method);
  if (!schema) return undefined; // the SDK answers -32601 for what it does not serve
  const result = schema.safeParse(request);
  if (result.success) return undefined;
  const details: FieldIssue[] = result.error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.slice(issue.path[0] === "params" ? 1 : 0);
    const expected = issue.code === "invalid_type" ? TYPE_NAMES[issue.expected] : undefined;
    return {
      path: path.map(String).join(".") || "params",
      message: expected
        ? `expected ${expected}, got ${kindOf(valueAt(request, issue.path))}`
        : issue.message.split("\n", 1)[0]?.slice(0, 120) || "invalid",
    };
  });
  const summary = details.map((d) => `${d.path}: ${d.message}`).join("; ");
  return {
    jsonrpc: "2.0",
    id: request.id,
    error: {
      code: ErrorCode.InvalidParams,
      message: `Invalid params for ${request.method}: ${summary}.`,
      data: { code: "validation_failed", details },
    },
  };
}

/**
 * Connects the server to the transport with every request's params checked on
 * the way in (HTTP and stdio alike): a request that fails is answered with
 * -32602 and never reaches the SDK.
 */
export async function connectChecked(server: Server, transport: Transport): Promise<void> {
  await server.connect(transport);
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    const error = isJSONRPCRequest(message) ? invalidParams(message) : undefined;
    if (!error) return deliver?.(message, extra);
    transport.send(error).catch((err: unknown) => {
      logger.warn({ reason: String(err) }, "mcp: could not answer a request with invalid params");
    });
  };
}
