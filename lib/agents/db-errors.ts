import { AppError, toAppError } from "../errors";

/**
 * Database errors that mean "not allowed" or "not valid" (RLS refusal, check
 * or FK violation) become typed AppErrors; anything else is rethrown as is so
 * its stack and message survive for the logs.
 */
export function mapDbError(e: unknown): unknown {
  const mapped = toAppError(e);
  return mapped.code === "internal" ? e : mapped;
}

export async function withDbErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw mapDbError(e);
  }
}

export { AppError };
