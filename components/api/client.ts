export interface FieldIssue {
  path: string;
  message: string;
}

/** The API's error envelope, thrown by `api()` for every non-2xx response. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: FieldIssue[];

  constructor(status: number, code: string, message: string, details: FieldIssue[] = []) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

// `details` is typed as unknown server-side, so only keep entries shaped like field issues.
function toFieldIssues(details: unknown): FieldIssue[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d) =>
    isRecord(d) && typeof d.message === "string"
      ? [{ path: Array.isArray(d.path) ? d.path.join(".") : String(d.path ?? ""), message: d.message }]
      : [],
  );
}

function toApiError(status: number, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  if (error && typeof error.message === "string") {
    return new ApiError(status, String(error.code ?? "error"), error.message, toFieldIssues(error.details));
  }
  if (status === 429)
    return new ApiError(status, "rate_limited", "Too many attempts. Please wait and try again.");
  return new ApiError(status, "internal", "Something went wrong. Please try again.");
}

interface ApiOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
}

/** Same-origin JSON call; cookies carry the session. Resolves with the parsed body or throws ApiError. */
export async function api<T>(path: string, { method = "GET", body, signal }: ApiOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      signal,
      credentials: "same-origin",
      headers: body === undefined ? { Accept: "application/json" } : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(0, "network", "Could not reach the server. Check your connection and try again.");
  }
  const parsed: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw toApiError(res.status, parsed);
  return parsed as T;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong. Please try again.";
}

let signedOut = false;

/** After an explicit sign-out, 401s are expected and must not look like an expired session. */
export function markSignedOut(): void {
  signedOut = true;
}

export function isSignedOut(): boolean {
  return signedOut;
}
