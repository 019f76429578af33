export const errorStatus = {
  bad_request: 400,
  invalid_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  plan_limit: 402,
  invalid_credentials: 401,
  forbidden: 403,
  bad_origin: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

// A brand instead of `instanceof`: bundlers may load this module more than once
// (Next's dev server does), and each copy has its own class.
const BRAND = Symbol.for("switchboard.AppError");

/** An error whose message is safe to show; `cause` is logged, never sent. */
export class AppError extends Error {
  readonly [BRAND] = true;
  readonly code: ErrorCode;
  readonly details?: unknown;
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { cause?: unknown; details?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.details = opts.details;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export const isAppError = (e: unknown): e is AppError =>
  typeof e === "object" && e !== null && (e as { [BRAND]?: boolean })[BRAND] === true;

interface PgErrorLike {
  code?: string;
  hint?: string;
  constraint?: string;
  message?: string;
}

function pgError(e: unknown): PgErrorLike | undefined {
  if (typeof e === "object" && e !== null && "code" in e && typeof e.code === "string") {
    return e as PgErrorLike;
  }
  return undefined;
}

/**
 * Maps database errors that mean "the caller asked for something not allowed or
 * not possible" to typed errors. Anything else stays an internal error.
 */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  const pg = pgError(e);
  if (pg?.code) {
    switch (pg.code) {
      case "42501":
        if (pg.hint === "owner_required")
          return new AppError("forbidden", "Only an owner can change the owner role.", { cause: e });
        if (pg.hint === "invitation_email_mismatch")
          return new AppError("forbidden", "This invitation was sent to a different email address.", {
            cause: e,
          });
        if (pg.hint === "api_key_forbidden")
          return new AppError("forbidden", "API keys cannot do this; sign in instead.", { cause: e });
        if (pg.hint === "api_key_revoked")
          return new AppError("conflict", "A revoked key cannot be restored.", { cause: e });
        return new AppError("forbidden", "You do not have permission to do that.", { cause: e });
      case "23505":
        return new AppError("conflict", "That already exists.", { cause: e, details: pg.constraint });
      case "23514":
        if (pg.hint === "last_owner")
          return new AppError("conflict", "A workspace must keep at least one owner.", { cause: e });
        return new AppError("validation_failed", "A value is not allowed.", {
          cause: e,
          details: pg.constraint,
        });
      case "23503":
        return new AppError("conflict", "A related record is missing or still in use.", { cause: e });
      case "22P02":
        return new AppError("validation_failed", "A value has the wrong format.", { cause: e });
      case "57014":
        // statement_timeout (lib/db/rls.ts): the caller's query ran too long; retrying later may work.
        return new AppError("unavailable", "The request took too long and was cancelled.", { cause: e });
      case "P0002":
        if (pg.hint === "invitation_invalid")
          return new AppError("not_found", "This invitation is invalid, used or expired.", { cause: e });
        return new AppError("not_found", "Not found.", { cause: e });
    }
  }
  return new AppError("internal", "Something went wrong on our side.", { cause: e });
}
