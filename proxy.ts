import { type NextRequest, NextResponse } from "next/server";
import { getAuth } from "@/lib/auth";
import { RequestCookieJar } from "@/lib/http/cookies";
import { clientIp } from "@/lib/http/handler";
import { logger } from "@/lib/logger";

/**
 * Keeps sessions fresh: when the access token has expired, rotate the refresh
 * token once here and hand the new cookies both to the page being rendered
 * (request headers) and to the browser (Set-Cookie).
 */
export async function proxy(req: NextRequest) {
  const requestHeaders = new Headers(req.headers);
  const jar = new RequestCookieJar(req.headers.get("cookie"));
  if (jar.getAll().some((c) => c.name.startsWith("sb-"))) {
    try {
      await getAuth().refreshSession(jar, {
        ip: clientIp(req),
        userAgent: req.headers.get("user-agent") ?? undefined,
      });
    } catch (e) {
      // The page still renders (signed out); the handler behind it reports the outage.
      logger.error({ err: e }, "session refresh failed in proxy");
    }
  }
  if (jar.hasChanges) {
    requestHeaders.set(
      "cookie",
      jar
        .getAll()
        .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
        .join("; "),
    );
  }
  return jar.applyTo(NextResponse.next({ request: { headers: requestHeaders } }));
}

// Not /api: route handlers refresh the session in their own wrapper (withSession), which also
// writes the cookies; running the proxy there too would cost every API call (and every streamed
// chat turn) a second pass through Next's proxy adapter, which clones the request body.
export const config = {
  matcher: [
    "/((?!api/|_next/static|_next/image|favicon.ico|manifest.webmanifest|robots.txt|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico)$).*)",
  ],
};
