import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { getAuth } from "../auth";
import type { AuthSession, DeferredSession, RequestMeta } from "../auth/types";
import { env } from "../env";
import { AppError } from "../errors";
import { enforceRateLimits, type RateLimitRule } from "../rate-limit";
import { withRequestId } from "../request-context";
import {
  authorizeWorkspaceRequest,
  roleAtLeast,
  type WorkspaceMembership,
  type WorkspaceRole,
} from "../workspaces";
import { readJson } from "./body";
import { clientIp } from "./client-ip";
import { RequestCookieJar } from "./cookies";
import { errorResponse, json } from "./respond";

type Params = Record<string, string | string[] | undefined>;
export interface RouteContext {
  params: Promise<Params>;
}

export interface BaseCtx {
  req: Request;
  requestId: string;
  params: Record<string, string>;
  meta: RequestMeta;
  cookies: RequestCookieJar;
  body<S extends z.ZodType>(schema: S, opts?: { maxBytes?: number }): Promise<z.infer<S>>;
  searchParams: URLSearchParams;
}
export interface SessionCtx extends BaseCtx {
  session: AuthSession;
}
export interface WorkspaceCtx extends SessionCtx {
  workspace: WorkspaceMembership["workspace"];
  role: WorkspaceRole;
}

export interface RateLimitOption {
  name: string;
  /** A function when the limit comes from the environment (read per request, not at import). */
  max: number | (() => number);
  windowSeconds: number;
  /** Key the bucket by the signed-in user (default) or the client address. */
  by?: "user" | "ip";
}

interface Options {
  rateLimit?: RateLimitOption;
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export { clientIp } from "./client-ip";

/** Cookie-authenticated writes must come from our own pages (CSRF defence). */
function checkOrigin(req: Request): void {
  if (!MUTATING.has(req.method)) return;
  const origin = req.headers.get("origin");
  const allowed = new Set([new URL(env().APP_URL).origin]);
  const host = req.headers.get("host");
  if (host) allowed.add(`${new URL(req.url).protocol}//${host}`);
  if (origin ? !allowed.has(origin) : req.headers.get("sec-fetch-site") !== "same-origin") {
    throw new AppError("bad_origin", "This request did not come from Switchboard's own pages.");
  }
}

async function flatParams(ctx: RouteContext | undefined): Promise<Record<string, string>> {
  const raw = (await ctx?.params) ?? {};
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : (v ?? "")]),
  );
}

async function baseCtx(
  req: Request,
  routeCtx: RouteContext | undefined,
  requestId: string,
): Promise<BaseCtx> {
  return {
    req,
    requestId,
    params: await flatParams(routeCtx),
    meta: { ip: clientIp(req), userAgent: req.headers.get("user-agent") ?? undefined },
    cookies: new RequestCookieJar(req.headers.get("cookie")),
    body: (schema, opts) => readJson(req, schema, opts),
    searchParams: new URL(req.url).searchParams,
  };
}

type Handler<C> = (ctx: C) => Promise<Response | object>;

function finish(result: Response | object, ctx: BaseCtx): Response {
  const res = result instanceof Response ? result : json(result);
  res.headers.set("x-request-id", ctx.requestId);
  return ctx.cookies.applyTo(res);
}

function rateLimitRule(opt: RateLimitOption, ctx: BaseCtx, userId?: string): RateLimitRule {
  const who = opt.by === "ip" || !userId ? `ip:${ctx.meta.ip ?? "unknown"}` : `user:${userId}`;
  const max = typeof opt.max === "function" ? opt.max() : opt.max;
  return { key: `${opt.name}:${who}`, max, windowSeconds: opt.windowSeconds };
}

async function limit(opt: RateLimitOption | undefined, ctx: BaseCtx, userId?: string) {
  if (opt) await enforceRateLimits([rateLimitRule(opt, ctx, userId)]);
}

/** Public endpoints (sign-in, health): request id, errors, origin check, optional rate limit. */
export function withPublic(handler: Handler<BaseCtx>, opts: Options & { checkOrigin?: boolean } = {}) {
  return (req: Request, routeCtx?: RouteContext): Promise<Response> => {
    const requestId = req.headers.get("x-request-id")?.slice(0, 64) || randomUUID();
    // Log lines deep in domain code (a blocked outbound URL) carry this request's id.
    return withRequestId(requestId, () => serve(req, routeCtx, requestId));
  };

  async function serve(
    req: Request,
    routeCtx: RouteContext | undefined,
    requestId: string,
  ): Promise<Response> {
    let ctx: BaseCtx | undefined;
    try {
      ctx = await baseCtx(req, routeCtx, requestId);
      if (opts.checkOrigin !== false) checkOrigin(req);
      await limit(opts.rateLimit, ctx);
      return finish(await handler(ctx), ctx);
    } catch (e) {
      // Cookies changed before the failure still go out: a refresh token rotated by this request
      // is already spent, and a revoked session's cookies should be cleared.
      const res = errorResponse(e, requestId);
      return ctx ? ctx.cookies.applyTo(res) : res;
    }
  }
}

export function withSession(handler: Handler<SessionCtx>, opts: Options = {}) {
  return withPublic(async (ctx) => {
    const session = await getAuth().refreshSession(ctx.cookies, ctx.meta);
    if (!session) throw new AppError("unauthorized", "Sign in to continue.");
    await limit(opts.rateLimit, ctx, session.user.id);
    return handler({ ...ctx, session });
  });
}

/**
 * Resolves `[slug]` to a workspace the caller belongs to and enforces a minimum
 * role. Unknown and foreign workspaces both answer 404, so slugs cannot be probed.
 * The session's revocation, the membership and the rate limit are checked in one
 * statement (authorizeWorkspaceRequest), where withSession would spend a round
 * trip on the session first.
 */
export function withWorkspace(handler: Handler<WorkspaceCtx>, opts: Options & { role: WorkspaceRole }) {
  return withPublic(async (ctx) => {
    const auth = getAuth();
    const authorize = (pending: DeferredSession) =>
      authorizeWorkspaceRequest({
        userId: pending.session.user.id,
        sessionId: pending.revocationCheck,
        slug: ctx.params.slug ?? "",
        rateLimit: opts.rateLimit && rateLimitRule(opts.rateLimit, ctx, pending.session.user.id),
      });
    let pending = await auth.refreshSessionDeferred(ctx.cookies, ctx.meta);
    let access = pending && (await authorize(pending));
    if (access?.outcome === "unauthorized" && pending?.revocationCheck) {
      // A revoked session: the full path rotates the refresh token if that can still work,
      // and clears the cookies if not.
      const refreshed = await auth.refreshSession(ctx.cookies, ctx.meta);
      pending = refreshed && { session: refreshed, revocationCheck: null };
      access = pending && (await authorize(pending));
    }
    if (!pending || !access || access.outcome === "unauthorized") {
      throw new AppError("unauthorized", "Sign in to continue.");
    }
    if (access.outcome === "not_found") throw new AppError("not_found", "Workspace not found.");
    if (access.outcome === "rate_limited") {
      throw new AppError("rate_limited", "Too many attempts. Try again shortly.", {
        retryAfterSeconds: access.retryAfterSeconds,
      });
    }
    const { workspace, role } = access.membership;
    if (!roleAtLeast(role, opts.role)) {
      throw new AppError("forbidden", `This needs the ${opts.role} role or higher in this workspace.`);
    }
    return handler({ ...ctx, session: pending.session, workspace, role });
  });
}
