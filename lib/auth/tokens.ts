import { createHash, randomBytes } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import type { JwtClaims } from "../db/rls";

export const ACCESS_COOKIE = "sb-access-token";
export const REFRESH_COOKIE = "sb-refresh-token";
const ISSUER = "switchboard-local";
const AUDIENCE = "authenticated";

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** Refresh, reset and invitation tokens are stored only as this digest. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export async function signAccessToken(
  secret: Uint8Array,
  claims: { sub: string; email: string; session_id: string },
  ttlSeconds: number,
): Promise<string> {
  return new SignJWT({ email: claims.email, role: "authenticated", session_id: claims.session_id })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secret);
}

/**
 * The secret imported once as an HMAC key: given raw bytes, jose imports them on
 * every verification, and this runs on every signed-in request.
 */
const verifyKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>();
function verifyKey(secret: Uint8Array): Promise<CryptoKey> {
  let key = verifyKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new Uint8Array(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "verify",
    ]);
    verifyKeys.set(secret, key);
  }
  return key;
}

/** Null for a missing, forged, expired or foreign token. */
export async function verifyAccessToken(secret: Uint8Array, token: string): Promise<JwtClaims | null> {
  try {
    const { payload } = await jwtVerify(token, await verifyKey(secret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
    });
    if (typeof payload.sub !== "string" || payload.role !== "authenticated") return null;
    return { ...payload, sub: payload.sub, role: "authenticated" } as JwtClaims;
  } catch {
    return null;
  }
}
