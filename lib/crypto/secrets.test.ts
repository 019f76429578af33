import { describe, expect, it } from "vitest";
import {
  decryptSecret,
  encryptSecret,
  generateKeySpec,
  maskSecret,
  parseKeyring,
  rotateSecret,
} from "./secrets";

describe("secrets", () => {
  const ring = parseKeyring(generateKeySpec("k1"));

  it("round-trips and never contains the plaintext", () => {
    const env = encryptSecret(ring, "sk-live-abcdef123456", "ws-1:provider");
    expect(env).toMatch(/^v1:k1:/);
    expect(env).not.toContain("abcdef");
    expect(decryptSecret(ring, env, "ws-1:provider")).toBe("sk-live-abcdef123456");
    expect(encryptSecret(ring, "same", "a")).not.toBe(encryptSecret(ring, "same", "a"));
  });

  it("refuses a ciphertext moved to another owner or tampered with", () => {
    const env = encryptSecret(ring, "secret", "ws-1");
    expect(() => decryptSecret(ring, env, "ws-2")).toThrow(/integrity/);
    const parts = env.split(":");
    parts[4] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptSecret(ring, parts.join(":"), "ws-1")).toThrow(/integrity/);
  });

  it("refuses a truncated auth tag (GCM tag length pinned to 16 bytes)", () => {
    const env = encryptSecret(ring, "secret", "ws-1");
    const parts = env.split(":");
    expect(Buffer.from(parts[3] as string, "base64url")).toHaveLength(16);
    // The first 4 bytes of the genuine tag: Node verifies a short tag unless authTagLength is pinned.
    parts[3] = Buffer.from(parts[3] as string, "base64url")
      .subarray(0, 4)
      .toString("base64url");
    expect(() => decryptSecret(ring, parts.join(":"), "ws-1")).toThrow(/integrity/);
  });

  it("decrypts old ciphertexts after rotation and re-encrypts under the new key", () => {
    const old = encryptSecret(ring, "rotate-me", "x");
    const rotated = parseKeyring(
      `${generateKeySpec("k2")},${[...ring.keys].map(([id, k]) => `${id}:${k.toString("base64")}`)[0]}`,
    );
    expect(rotated.activeId).toBe("k2");
    expect(decryptSecret(rotated, old, "x")).toBe("rotate-me");
    const fresh = rotateSecret(rotated, old, "x");
    expect(fresh).toMatch(/^v1:k2:/);
    expect(rotateSecret(rotated, fresh as string, "x")).toBeNull();
    expect(() => decryptSecret(parseKeyring(generateKeySpec("k3")), old, "x")).toThrow(/cannot be decrypted/);
  });

  it("validates key specs and masks for display", () => {
    expect(() => parseKeyring("k1:short")).toThrow(/32 bytes/);
    expect(() => parseKeyring("")).toThrow(/Empty/);
    expect(maskSecret("sk-1234567890abcd")).toBe("••••abcd");
    expect(maskSecret("short")).toBe("••••");
  });
});
