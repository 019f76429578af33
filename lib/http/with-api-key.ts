import { type ApiKeyPrincipal, authenticateApiKey, bearerToken, requireScope } from "../api-keys";
import type { ApiKeyAccess, ApiKeyGroup } from "../api-keys/schema";
import { env } from "../env";
import { enforceRateLimits } from "../rate-limit";
import { type BaseCtx, withPublic } from "./handler";

export interface ApiKeyCtx extends BaseCtx {
  principal: ApiKeyPrincipal;
}

interface ApiKeyOptions {
  /** The tool group and access the endpoint needs. */
  scope: { group: ApiKeyGroup; access: ApiKeyAccess };
}

/** RFC 6750: a 401 names the scheme, and says why when a token was sent. */
function challenge(res: Response, hadToken: boolean): Response {
  res.headers.set(
    "www-authenticate",
    hadToken ? 'Bearer realm="switchboard", error="invalid_token"' : 'Bearer realm="switchboard"',
  );
  return res;
}

/**
 * REST /api/v1 endpoints: bearer API key, scope check and a per-key rate limit,
 * declared once. No cookies are read, so there is no CSRF surface and no Origin check.
 */
export function withApiKey(handler: (ctx: ApiKeyCtx) => Promise<Response | object>, opts: ApiKeyOptions) {
  const wrapped = withPublic(
    async (ctx) => {
      const principal = await authenticateApiKey(bearerToken(ctx.req.headers.get("authorization")));
      await enforceRateLimits([
        { key: `api:key:${principal.keyId}`, max: env().API_RATE_LIMIT, windowSeconds: 60 },
      ]);
      requireScope(principal, opts.scope.group, opts.scope.access);
      return handler({ ...ctx, principal });
    },
    { checkOrigin: false },
  );
  return async (req: Request, routeCtx?: Parameters<typeof wrapped>[1]): Promise<Response> => {
    const res = await wrapped(req, routeCtx);
    if (res.status === 401) return challenge(res, Boolean(bearerToken(req.headers.get("authorization"))));
    return res;
  };
}
