import { ErrorCode } from "@modelcontextprotocol/sdk/types.js";
import type { ApiKeyPrincipal } from "../lib/api-keys";
import { toAppError } from "../lib/errors";
import { logger } from "../lib/logger";
import { RpcError } from "./json-rpc-guard";

/**
 * The caller of one MCP request. Over HTTP it is the key checked for that
 * request; over stdio the key is checked again on every request, so a revoked
 * key stops working on its next call there too.
 */
export type PrincipalSource = () => Promise<ApiKeyPrincipal>;

/** An auth failure is a protocol error, not a tool result: the whole request is refused. */
export async function resolvePrincipal(source: PrincipalSource): Promise<ApiKeyPrincipal> {
  try {
    return await source();
  } catch (e) {
    const err = toAppError(e);
    if (err.status >= 500) logger.error({ err: e }, "mcp: resolving the API key failed");
    const code = err.status >= 500 ? ErrorCode.InternalError : ErrorCode.InvalidRequest;
    throw new RpcError(code, err.message, { code: err.code });
  }
}
