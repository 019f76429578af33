import { AppError, toAppError } from "../errors";
import { logger } from "../logger";

/** For an answer that carries a secret (a token, a key): no cache, shared or private, keeps it. */
export const NO_STORE = { "cache-control": "no-store" } as const;

export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}

/** Logs the cause with the request id; sends only the safe code and message. */
export function errorResponse(e: unknown, requestId: string): Response {
  const err = toAppError(e);
  const log = err.status >= 500 ? logger.error.bind(logger) : logger.info.bind(logger);
  log({ requestId, code: err.code, err: err.status >= 500 ? (err.cause ?? e) : undefined }, err.message);
  const headers: Record<string, string> = { "x-request-id": requestId };
  if (err.retryAfterSeconds) headers["retry-after"] = String(err.retryAfterSeconds);
  return json(err.toBody(), err.status, headers);
}

export { AppError };
