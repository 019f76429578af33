import type { z } from "zod";
import type { ApiKeyGroup } from "../api-keys/schema";
import type { RateLimitOption } from "../http/handler";
import type { WorkspaceRole, WorkspaceScope } from "../workspaces";

/**
 * One operation on a resource, declared once in its domain's contract
 * (`lib/<domain>/contract.ts`): its inputs, its output shape and what it does.
 * The web API (`/api/workspaces/{slug}/…`, cookie session, role) and the REST
 * API (`/api/v1/…`, API key, scope) are both built from this one value by
 * `lib/http/operation-routes.ts`, and the OpenAPI document by
 * `lib/rest-v1/openapi.ts`: authorization differs by surface, the operation
 * does not.
 */

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface OperationInput<P extends Schema, Q extends Schema, B extends Schema> {
  /** Path parameters, parsed: a bad id is a 400 before `run` is called. */
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
}

/** What the surface knows about the caller beyond the tenant. */
export interface OperationCaller {
  requestId: string;
  /** The workspace role the caller acts with (an API key acts with its own, reduced role). */
  role: WorkspaceRole;
  surface: "web" | "v1";
  /** The workspace's slug (the scope carries its id), for links and the chat's tool context. */
  workspaceSlug: string;
}

/** How the web API serves an operation. */
export interface WebSurface {
  path: string;
  role: WorkspaceRole;
  /** Checked with the membership, before the operation runs. */
  rateLimit?: RateLimitOption;
}

export interface OperationSpec<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
  O extends z.ZodType = z.ZodType,
> {
  /** `resource.verb`: names the operation in logs and tests. */
  id: string;
  method: HttpMethod;
  summary: string;
  description?: string;
  /** A z.object of the path parameters (each one a string in the URL). */
  params?: P;
  /** A strict z.object: an unknown query parameter is a 400, not silently ignored. */
  query?: Q;
  body?: B;
  /** The request body's cap when the default (lib/http/body.ts) is too small, e.g. a flow's graph. */
  maxBodyBytes?: number;
  output: O;
  /** 201 for creations; 200 otherwise. */
  status?: 200 | 201;
  outputDescription: string;
  /**
   * The answer carries a secret shown once (a key, a webhook URL with its token): `cache-control:
   * no-store` on every surface, so it never lingers in a shared cache or the browser's HTTP cache.
   */
  secretInAnswer?: boolean;
  /**
   * Served at `/api/workspaces/{slug}` + path to members with at least this role;
   * `rateLimit` for operations that make the server call out (each call costs someone).
   */
  web?: WebSurface;
  /**
   * Served at `/api/v1` + path to API keys with this group; reads need
   * `read` (or `write`), everything else `write`.
   */
  v1?: { path: string; group: ApiKeyGroup };
  run(scope: WorkspaceScope, input: OperationInput<P, Q, B>, caller: OperationCaller): Promise<z.input<O>>;
}

/** An operation with its types erased, so operations of every shape fit in one table. */
export interface Operation {
  id: string;
  method: HttpMethod;
  summary: string;
  description?: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  maxBodyBytes?: number;
  output: z.ZodType;
  status: 200 | 201;
  outputDescription: string;
  secretInAnswer?: boolean;
  web?: WebSurface;
  v1?: { path: string; group: ApiKeyGroup };
  run(
    scope: WorkspaceScope,
    input: OperationInput<Schema, Schema, Schema>,
    caller: OperationCaller,
  ): Promise<unknown>;
}

export function defineOperation<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  O extends z.ZodType = z.ZodType,
>(spec: OperationSpec<P, Q, B, O>): Operation {
  return {
    ...spec,
    params: spec.params,
    query: spec.query,
    body: spec.body,
    status: spec.status ?? 200,
    run: (scope, input, caller) => spec.run(scope, input as OperationInput<P, Q, B>, caller),
  };
}

/** The access an API key needs for a method: reads need `read` (or `write`), everything else `write`. */
export const accessFor = (method: HttpMethod) => (method === "get" ? "read" : "write");
