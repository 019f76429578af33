import { timingSafeEqual } from "node:crypto";

/**
 * Meta's subscription check when a webhook URL is saved in the app dashboard:
 * `GET ?hub.mode=subscribe&hub.verify_token=<ours>&hub.challenge=<n>`, which
 * must be answered 200 with the challenge as the plain-text body. Anything
 * else is a 403, so a wrong token never confirms the URL.
 */
export function answerSubscription(url: URL, verifyToken: string | undefined): Response {
  const mode = url.searchParams.get("hub.mode");
  const token = url.searchParams.get("hub.verify_token");
  const challenge = url.searchParams.get("hub.challenge");
  const forbidden = () =>
    new Response(
      JSON.stringify({
        error: { code: "forbidden", message: "The verify token does not match this inbox's verify token." },
      }),
      { status: 403, headers: { "content-type": "application/json", "cache-control": "no-store" } },
    );
  if (mode !== "subscribe" || !token || !verifyToken || !sameText(token, verifyToken)) return forbidden();
  // Meta sends a number; echoing anything else back could turn this URL into a reflector.
  if (!challenge || !/^[A-Za-z0-9_-]{1,128}$/.test(challenge)) {
    return new Response(
      JSON.stringify({ error: { code: "bad_request", message: "hub.challenge is missing or malformed." } }),
      { status: 400, headers: { "content-type": "application/json", "cache-control": "no-store" } },
    );
  }
  return new Response(challenge, {
    status: 200,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  // Different lengths are unequal; comparing y with itself keeps the time independent of `a`.
  return x.length === y.length ? timingSafeEqual(x, y) : !timingSafeEqual(y, y);
}
