import { isDeepStrictEqual } from "node:util";
import type { Operation, OperationCaller } from "../contract/operation";
import { accessFor } from "../contract/operation";
import { env } from "../env";
import { AppError } from "../errors";
import { logger } from "../logger";
import { parseWith } from "../validation";
import type { WorkspaceScope } from "../workspaces";
import { type BaseCtx, withWorkspace } from "./handler";
import { methodsNotAllowed, type NotAllowedHandler } from "./method-not-allowed";
import { json, NO_STORE } from "./respond";
import { withApiKey } from "./with-api-key";

/**
 * Route handlers built from contract operations (lib/<domain>/contract.ts).
 * A route file is one line per surface:
 *
 *   export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(listProducts, createProduct);
 *   export const { GET, POST, PUT, PATCH, DELETE } = v1Routes(listProducts, createProduct);
 *
 * Methods the route does not serve answer our JSON 405 with an `Allow` header.
 */

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type RouteHandler = (
  req: Request,
  ctx: { params: Promise<Record<string, string | string[] | undefined>> },
) => Promise<Response>;
export type Routes = Record<Method, RouteHandler | NotAllowedHandler>;

async function input(op: Operation, ctx: BaseCtx) {
  return {
    params: op.params ? parseWith(op.params, ctx.params, "(path)") : undefined,
    query: op.query ? parseWith(op.query, Object.fromEntries(ctx.searchParams), "(query)") : undefined,
    body: op.body ? await ctx.body(op.body, { maxBytes: op.maxBodyBytes }) : undefined,
  };
}

/**
 * Under test, every answer is checked against the operation's output shape, so
 * a serializer that drifts from its contract fails whichever test calls it
 * (the OpenAPI document and the MCP tools publish that same shape).
 */
function checked(op: Operation, result: unknown): unknown {
  if (env().NODE_ENV !== "test") return result;
  const wire: unknown = JSON.parse(JSON.stringify(result));
  const parsed = op.output.safeParse(wire);
  if (parsed.success && isDeepStrictEqual(parsed.data, wire)) return result;
  logger.error(
    { operation: op.id, issues: parsed.success ? "fields outside the contract" : parsed.error.issues },
    "response does not match its contract",
  );
  throw new AppError("internal", `The ${op.id} response does not match its contract.`);
}

async function respond(op: Operation, scope: WorkspaceScope, ctx: BaseCtx, caller: OperationCaller) {
  const result = await op.run(scope, await input(op, ctx), caller);
  return json(checked(op, result), op.status, op.secretInAnswer ? NO_STORE : undefined);
}

function build(ops: Operation[], handlerFor: (op: Operation) => RouteHandler): Routes {
  const methods = ops.map((op) => op.method.toUpperCase() as Method);
  if (new Set(methods).size !== methods.length)
    throw new Error(`Two operations on one method: ${ops.map((o) => o.id)}`);
  const routes = { ...methodsNotAllowed(methods) } as Routes;
  // Tagged with the operation's id, so a test can check the route tree against the operation table.
  for (const op of ops) {
    routes[op.method.toUpperCase() as Method] = Object.assign(handlerFor(op), { operationId: op.id });
  }
  return routes;
}

/** `/api/workspaces/[slug]/…`: the cookie session, the workspace and the operation's least role. */
export function webRoutes(...ops: Operation[]): Routes {
  return build(ops, (op) => {
    const web = op.web;
    if (!web) throw new Error(`${op.id} is not served on the web API`);
    return withWorkspace(
      (ctx) =>
        respond(op, { claims: ctx.session.claims, workspaceId: ctx.workspace.id }, ctx, {
          requestId: ctx.requestId,
          role: ctx.role,
          surface: "web",
          workspaceSlug: ctx.workspace.slug,
        }),
      { role: web.role, rateLimit: web.rateLimit },
    );
  });
}

/** `/api/v1/…`: the bearer API key, its group scope (access follows the method) and its rate limit. */
export function v1Routes(...ops: Operation[]): Routes {
  return build(ops, (op) => {
    if (!op.v1) throw new Error(`${op.id} is not served on /api/v1`);
    return withApiKey(
      (ctx) =>
        respond(op, ctx.principal.scope, ctx, {
          requestId: ctx.requestId,
          role: ctx.principal.role,
          surface: "v1",
          workspaceSlug: ctx.principal.workspace.slug,
        }),
      { scope: { group: op.v1.group, access: accessFor(op.method) } },
    );
  });
}
