// lib/crypto/secrets.ts's envelope (`v1:<key id>:<iv>:<tag>:<ciphertext>`,
// base64url, AES-256-GCM with associated data) opened with WebCrypto, from
// the same SECRETS_KEYS keyring (`id:base64key[,id:base64key…]`).

function b64url(s: string): Uint8Array {
  const b64 = s
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(s.length / 4) * 4, "=");
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

function keyring(): Map<string, Uint8Array> {
  const keys = new Map<string, Uint8Array>();
  for (const part of (Deno.env.get("SECRETS_KEYS") ?? "").split(",")) {
    const [id, key] = part.trim().split(":");
    if (id && key)
      keys.set(
        id,
        Uint8Array.from(atob(key), (c) => c.charCodeAt(0)),
      );
  }
  return keys;
}

export async function decryptSecret(envelope: string, aad: string): Promise<string> {
  const [v, id, iv, tag, ct] = envelope.split(":");
  const raw = id ? keyring().get(id) : undefined;
  if (v !== "v1" || !raw || raw.length !== 32 || !iv || !tag || ct === undefined) {
    throw new Error("A stored secret cannot be decrypted with the configured keys.");
  }
  const key = await crypto.subtle.importKey("raw", raw as BufferSource, "AES-GCM", false, ["decrypt"]);
  const body = b64url(ct);
  const t = b64url(tag);
  if (t.length !== 16) throw new Error("A stored secret failed its integrity check.");
  const sealed = new Uint8Array(body.length + t.length);
  sealed.set(body, 0);
  sealed.set(t, body.length);
  const plain = await crypto.subtle.decrypt(
    {
      name: "AES-GCM",
      iv: b64url(iv) as BufferSource,
      additionalData: new TextEncoder().encode(aad),
      tagLength: 128,
    },
    key,
    sealed as BufferSource,
  );
  return new TextDecoder().decode(plain);
}

/** Same strings as lib/flows/triggers/webhook-secret.ts. */
export const webhookSecretAad = (workspaceId: string, flowId: string) =>
  `flows:webhook_secret:${workspaceId}:${flowId}`;
