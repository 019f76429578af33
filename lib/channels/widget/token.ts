import { errors, jwtVerify, SignJWT } from "jose";
import { AppError } from "../../errors";

/**
 * The visitor token: what a widget visitor holds instead of an account. Signed
 * (HS256) with the inbox's own `visitor_signing_key`, so a token minted for one
 * inbox does not verify on another, and bound to that inbox, the workspace, the
 * visitor and (once the visitor has written) the conversation. The iframe keeps
 * it in its localStorage: the conversation survives a reload of the host page.
 */
export interface VisitorClaims {
  inboxId: string;
  workspaceId: string;
  /** Random, minted by the session endpoint; the conversation's external ref is derived from it. */
  visitorId: string;
  conversationId: string | null;
}

const ISSUER = "switchboard:widget";
/** A visitor who comes back within a month keeps the conversation; every session call renews it. */
export const VISITOR_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
/** Tokens are small; a bigger "token" is garbage and is refused before any crypto. */
const MAX_TOKEN_CHARS = 2048;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const audience = (inboxId: string) => `inbox:${inboxId}`;

export async function signVisitorToken(
  key: Uint8Array,
  claims: VisitorClaims,
  opts: { ttlSeconds?: number; now?: Date } = {},
): Promise<string> {
  const iat = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ wid: claims.workspaceId, cid: claims.conversationId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(ISSUER)
    .setAudience(audience(claims.inboxId))
    .setSubject(claims.visitorId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (opts.ttlSeconds ?? VISITOR_TOKEN_TTL_SECONDS))
    .sign(key);
}

const invalid = (cause?: unknown) =>
  new AppError("unauthorized", "This chat session is not valid here. Start a new conversation.", {
    cause,
    details: { reason: "visitor_token_invalid" },
  });

/**
 * Verifies a token for one inbox: signature with that inbox's key, HS256 only,
 * issuer, audience (the inbox), expiry, and the claims' shape. Any failure is
 * the same 401 (the reason is in `details` for the widget: an expired session
 * starts over, anything else too).
 */
export async function verifyVisitorToken(
  key: Uint8Array,
  token: string,
  expected: { inboxId: string; workspaceId: string },
  opts: { now?: Date } = {},
): Promise<VisitorClaims> {
  if (!token || token.length > MAX_TOKEN_CHARS) throw invalid();
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: audience(expected.inboxId),
      currentDate: opts.now,
      requiredClaims: ["sub", "exp", "iat"],
    }));
  } catch (e) {
    if (e instanceof errors.JWTExpired) {
      throw new AppError("unauthorized", "This chat session has expired. Start a new conversation.", {
        cause: e,
        details: { reason: "visitor_token_expired" },
      });
    }
    throw invalid(e);
  }
  const { sub, wid, cid } = payload;
  if (typeof sub !== "string" || !UUID.test(sub)) throw invalid();
  if (wid !== expected.workspaceId) throw invalid();
  if (cid !== null && (typeof cid !== "string" || !UUID.test(cid))) throw invalid();
  return {
    inboxId: expected.inboxId,
    workspaceId: expected.workspaceId,
    visitorId: sub,
    conversationId: cid,
  };
}

/** The bearer token of a widget API request (`Authorization: Bearer …`), or undefined. */
export function bearerToken(req: Request): string | undefined {
  const h = req.headers.get("authorization");
  if (!h) return undefined;
  const m = /^Bearer ([A-Za-z0-9_.-]{1,2048})$/.exec(h.trim());
  return m?.[1];
}
