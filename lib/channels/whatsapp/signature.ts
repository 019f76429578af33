import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-hub-signature-256";

/**
 * Meta signs every webhook POST: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256
 * of the raw body with the app secret>`. The raw bytes are what count: a
 * re-serialised JSON body would not match. The comparison is constant-time
 * and runs on fixed-size buffers (the header is parsed by length first, so an
 * attacker's header never decides how much work is done).
 */
export function isValidSignature(appSecret: string, header: string | null, raw: Uint8Array): boolean {
  if (header?.length !== 71 || !header.startsWith("sha256=")) return false;
  const hex = header.slice(7);
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return false;
  const given = Buffer.from(hex, "hex");
  const expected = createHmac("sha256", appSecret).update(raw).digest();
  return timingSafeEqual(given, expected);
}
