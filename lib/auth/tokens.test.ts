import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { hashToken, randomToken, signAccessToken, verifyAccessToken } from "./tokens";

const secret = new TextEncoder().encode("k".repeat(40));

describe("access tokens", () => {
  it("carry Supabase-shaped claims", async () => {
    const jwt = await signAccessToken(secret, { sub: "u1", email: "a@b.c", session_id: "s1" }, 60);
    const claims = await verifyAccessToken(secret, jwt);
    expect(claims).toMatchObject({
      sub: "u1",
      email: "a@b.c",
      role: "authenticated",
      aud: "authenticated",
      session_id: "s1",
    });
  });

  it("reject forged, expired and other-key tokens", async () => {
    const other = new TextEncoder().encode("z".repeat(40));
    expect(
      await verifyAccessToken(
        secret,
        await signAccessToken(other, { sub: "u", email: "e", session_id: "s" }, 60),
      ),
    ).toBeNull();
    const expired = await new SignJWT({ role: "authenticated" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("u")
      .setIssuer("switchboard-local")
      .setAudience("authenticated")
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(secret);
    expect(await verifyAccessToken(secret, expired)).toBeNull();
    expect(await verifyAccessToken(secret, "not.a.jwt")).toBeNull();
  });

  it("hashes opaque tokens deterministically and never returns the input", () => {
    const t = randomToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashToken(t)).toBe(hashToken(t));
    expect(hashToken(t)).not.toContain(t);
  });
});
