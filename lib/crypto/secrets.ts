import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "../errors";

/**
 * Application-level AES-256-GCM for secrets at rest (provider keys, integration
 * credentials, channel tokens). Envelope: `v1:<key id>:<iv>:<tag>:<ciphertext>`
 * (base64url). The key id lets old ciphertexts decrypt after a rotation; the
 * associated data binds a ciphertext to its owner, so it cannot be moved to
 * another workspace's row and still decrypt.
 */
export interface Keyring {
  activeId: string;
  keys: Map<string, Buffer>;
}

const ID = /^[A-Za-z0-9_-]{1,32}$/;

/** GCM's full tag: a shorter one would be accepted by Node unless pinned, and weakens the integrity check. */
const TAG_BYTES = 16;

/** Parses `id:base64key[,id:base64key...]`; the first entry encrypts, all decrypt. */
export function parseKeyring(spec: string): Keyring {
  const keys = new Map<string, Buffer>();
  let activeId = "";
  for (const part of spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [id, b64] = part.split(":");
    if (!id || !b64 || !ID.test(id))
      throw new Error(`Bad key entry "${part.slice(0, 12)}…": expected id:base64key`);
    const key = Buffer.from(b64, "base64");
    if (key.length !== 32) throw new Error(`Key "${id}" must be 32 bytes (base64), got ${key.length}`);
    keys.set(id, key);
    activeId ||= id;
  }
  if (!activeId) throw new Error("Empty keyring");
  return { activeId, keys };
}

export function generateKeySpec(id = "k1"): string {
  return `${id}:${randomBytes(32).toString("base64")}`;
}

export function encryptSecret(ring: Keyring, plaintext: string, aad: string): string {
  const key = ring.keys.get(ring.activeId) as Buffer;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const enc = (b: Buffer) => b.toString("base64url");
  return ["v1", ring.activeId, enc(iv), enc(cipher.getAuthTag()), enc(ct)].join(":");
}

export function decryptSecret(ring: Keyring, envelope: string, aad: string): string {
  const [v, id, iv, tag, ct] = envelope.split(":");
  const key = id ? ring.keys.get(id) : undefined;
  if (v !== "v1" || !key || !iv || !tag || ct === undefined) {
    throw new AppError("internal", "A stored secret cannot be decrypted with the configured keys.");
  }
  try {
    const tagBytes = Buffer.from(tag, "base64url");
    if (tagBytes.length !== TAG_BYTES)
      throw new Error(`auth tag is ${tagBytes.length} bytes, expected ${TAG_BYTES}`);
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch (e) {
    throw new AppError("internal", "A stored secret failed its integrity check.", { cause: e });
  }
}

/** Re-encrypts under the active key when needed; returns null when already current. */
export function rotateSecret(ring: Keyring, envelope: string, aad: string): string | null {
  if (envelope.split(":")[1] === ring.activeId) return null;
  return encryptSecret(ring, decryptSecret(ring, envelope, aad), aad);
}

/** What the browser may see of a secret: never more than its last four characters. */
export function maskSecret(secret: string): string {
  return secret.length <= 8 ? "••••" : `••••${secret.slice(-4)}`;
}
