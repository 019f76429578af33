import { AppError } from "../../errors";
import { normalizeOrigin } from "./settings";

/**
 * Where the widget may run. The browser enforces the iframe's embedding with
 * CSP `frame-ancestors` (built here from the inbox's allowed origins); the API
 * checks the calling page's Origin: our own iframe (the app's origin), or, for
 * a site that calls the API from its own code, an allowed origin.
 */
export function frameAncestors(allowedOrigins: string[]): string {
  // 'self': the inbox settings page previews the widget. CSP source expressions cannot hold
  // spaces, quotes or semicolons; normalizeOrigin's URL parsing leaves none in an origin.
  return ["'self'", ...allowedOrigins].join(" ");
}

export function isAllowedOrigin(origin: string | null | undefined, allowed: string[]): boolean {
  if (!origin) return false;
  const o = normalizeOrigin(origin);
  return o !== null && allowed.includes(o);
}

/**
 * The API's Origin/Referer check. Browsers send Origin on every cross-origin
 * request and on same-origin POSTs; a GET from our iframe may carry only a
 * Referer. A request with neither (curl, a server) passes: it is not a browser
 * on another site, and the visitor token and rate limits still apply.
 */
export function assertApiOrigin(req: Request, ownOrigins: string[], allowed: string[]): void {
  const origin = req.headers.get("origin");
  const referer = req.headers.get("referer");
  // "null": a sandboxed or file: page, which no allowed origin can be.
  if (origin === "null") throw badOrigin();
  if (!origin && !referer) return;
  const from = normalizeOrigin(origin ?? referer ?? "");
  if (from !== null && (ownOrigins.includes(from) || allowed.includes(from))) return;
  throw badOrigin();
}

const badOrigin = () =>
  new AppError(
    "bad_origin",
    "This widget is not allowed on this site. Add the site in the inbox's allowed origins.",
  );

/**
 * The page that embeds the iframe, as the iframe's request shows it: the
 * Referer (the app sends strict-origin-when-cross-origin, browsers default to
 * it too, so a cross-site embed sends at least the origin). Null when absent.
 */
export function embedderOrigin(req: Request): string | null {
  const referer = req.headers.get("referer");
  return referer ? normalizeOrigin(referer) : null;
}
