import { createHash, randomBytes } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Unbiased base62 from random bytes (rejection sampling). */
function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 248 && out.length < length) out += ALPHABET[b % 62];
    }
  }
  return out;
}

/** `sbk_<8>_<40>`: the prefix identifies the key in lists, the rest is ~238 bits of secret. */
export function generateApiKeySecret(): { secret: string; prefix: string } {
  const prefix = `sbk_${randomBase62(8)}`;
  return { prefix, secret: `${prefix}_${randomBase62(40)}` };
}

export const API_KEY_PATTERN = /^sbk_[A-Za-z0-9]{8}_[A-Za-z0-9]{40}$/;

/** sha256 is enough for a 238-bit random secret; a slow hash would only slow every request. */
export function hashApiKeySecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}
