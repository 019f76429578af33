import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Chatwoot signs a webhook whose secret is set: `X-Chatwoot-Timestamp: <unix
 * seconds>` and `X-Chatwoot-Signature: sha256=<hex HMAC-SHA256 of
 * "{timestamp}.{raw body}">` under the webhook's secret (Chatwoot's webhook API
 * docs; deliveries also carry `X-Chatwoot-Delivery`). A bare hex digest without
 * the `sha256=` prefix is accepted too. The timestamp must be within
 * SIGNATURE_TOLERANCE_SECONDS of now, so a captured delivery cannot be replayed
 * later (a replay inside the window is a duplicate message id: answered once).
 */
export const SIGNATURE_HEADER = "x-chatwoot-signature";
export const TIMESTAMP_HEADER = "x-chatwoot-timestamp";
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; message: string };

export function signChatwootBody(secret: string, timestamp: string, raw: Uint8Array | string): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.`);
  mac.update(typeof raw === "string" ? Buffer.from(raw, "utf8") : raw);
  return `sha256=${mac.digest("hex")}`;
}

export function verifyChatwootSignature(
  secret: string,
  headers: Headers,
  raw: Uint8Array,
  now: Date = new Date(),
): SignatureCheck {
  const signature = headers.get(SIGNATURE_HEADER)?.trim();
  const timestamp = headers.get(TIMESTAMP_HEADER)?.trim();
  if (!signature || !timestamp) {
    return {
      ok: false,
      message: `This inbox has a webhook secret: send ${SIGNATURE_HEADER} and ${TIMESTAMP_HEADER}.`,
    };
  }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, message: "The signature timestamp is malformed." };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) {
    return { ok: false, message: "The signature's timestamp is too old or in the future." };
  }
  const given = signature.startsWith("sha256=") ? signature.slice(7) : signature;
  if (!/^[0-9a-fA-F]{64}$/.test(given)) return { ok: false, message: "The signature is malformed." };
  const expected = Buffer.from(signChatwootBody(secret, timestamp, raw).slice(7), "hex");
  if (!timingSafeEqual(expected, Buffer.from(given, "hex"))) {
    return { ok: false, message: "The signature does not match." };
  }
  return { ok: true };
}
