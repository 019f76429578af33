// Test-only helpers for calling /api/v1 route handlers directly: real keys made
// through lib/api-keys, real Requests with a bearer header, real database.

import { type ApiKeyScope, createApiKey } from "@/lib/api-keys/index";
import type { TestUser } from "@/test/http/web-api-kit";

export const API = "http://localhost:3000/api/v1";

type RouteFn = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** A key made by `user` (an admin or owner of the workspace) through the app's function. */
export async function makeKey(
  user: TestUser,
  workspaceId: string,
  scopes: ApiKeyScope[],
  opts: { name?: string; expiresAt?: string } = {},
): Promise<string> {
  const { secret } = await createApiKey(user.scope(workspaceId), {
    name: opts.name ?? `key ${scopes.join(" ")}`,
    scopes,
    expiresAt: opts.expiresAt,
  });
  return secret;
}

export interface V1CallOptions {
  key?: string;
  params?: Record<string, string>;
  /** Sent as JSON; a string is sent as is (for malformed JSON). */
  body?: unknown;
  search?: string;
  headers?: Record<string, string>;
}

/** Calls a v1 route export the way Next does. No cookies and no Origin: API clients send neither. */
export async function callV1(fn: RouteFn, method: string, path: string, opts: V1CallOptions = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
  }
  const req = new Request(`${API}${path}${opts.search ? `?${opts.search}` : ""}`, { method, headers, body });
  const res = await fn(req, { params: Promise.resolve(opts.params ?? {}) });
  const json = (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } };
  return { status: res.status, json, code: json.error?.code, headers: res.headers };
}
