import { randomBytes, randomUUID } from "node:crypto";
import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { bearerToken, signVisitorToken, VISITOR_TOKEN_TTL_SECONDS, verifyVisitorToken } from "./token";

const key = randomBytes(32);
const inboxId = randomUUID();
const workspaceId = randomUUID();
const claims = { inboxId, workspaceId, visitorId: randomUUID(), conversationId: randomUUID() };

async function reason(p: Promise<unknown>): Promise<unknown> {
  const e = (await p.then(
    () => null,
    (x: unknown) => x,
  )) as { code?: string; details?: { reason?: string } } | null;
  expect(e?.code).toBe("unauthorized");
  return e?.details?.reason;
}

describe("visitor tokens", () => {
  it("round-trips the claims for the inbox it was made for", async () => {
    const token = await signVisitorToken(key, claims);
    expect(await verifyVisitorToken(key, token, { inboxId, workspaceId })).toEqual(claims);
    const fresh = await signVisitorToken(key, { ...claims, conversationId: null });
    expect((await verifyVisitorToken(key, fresh, { inboxId, workspaceId })).conversationId).toBeNull();
  });

  it("refuses another inbox's token, even one signed with the same key", async () => {
    const token = await signVisitorToken(key, claims);
    expect(await reason(verifyVisitorToken(key, token, { inboxId: randomUUID(), workspaceId }))).toBe(
      "visitor_token_invalid",
    );
    expect(await reason(verifyVisitorToken(key, token, { inboxId, workspaceId: randomUUID() }))).toBe(
      "visitor_token_invalid",
    );
  });

  it("refuses a token signed with another key (a forged one)", async () => {
    const token = await signVisitorToken(randomBytes(32), claims);
    expect(await reason(verifyVisitorToken(key, token, { inboxId, workspaceId }))).toBe(
      "visitor_token_invalid",
    );
  });

  it("refuses a token whose payload was edited, and alg none", async () => {
    const token = await signVisitorToken(key, claims);
    const [h, , s] = token.split(".");
    const other = Buffer.from(
      JSON.stringify({ sub: randomUUID(), wid: workspaceId, cid: null, aud: `inbox:${inboxId}` }),
    ).toString("base64url");
    expect(await reason(verifyVisitorToken(key, `${h}.${other}.${s}`, { inboxId, workspaceId }))).toBe(
      "visitor_token_invalid",
    );
    const none = new UnsecuredJWT({ wid: workspaceId, cid: null })
      .setIssuer("switchboard:widget")
      .setAudience(`inbox:${inboxId}`)
      .setSubject(claims.visitorId)
      .setIssuedAt()
      .setExpirationTime("1h")
      .encode();
    expect(await reason(verifyVisitorToken(key, none, { inboxId, workspaceId }))).toBe(
      "visitor_token_invalid",
    );
  });

  it("refuses a token with a malformed subject or conversation", async () => {
    const bad = await new SignJWT({ wid: workspaceId, cid: "'; drop table messages" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("switchboard:widget")
      .setAudience(`inbox:${inboxId}`)
      .setSubject("not-a-uuid")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(key);
    expect(await reason(verifyVisitorToken(key, bad, { inboxId, workspaceId }))).toBe(
      "visitor_token_invalid",
    );
  });

  it("says an expired token expired", async () => {
    const past = new Date(Date.now() - (VISITOR_TOKEN_TTL_SECONDS + 60) * 1000);
    const token = await signVisitorToken(key, claims, { now: past });
    expect(await reason(verifyVisitorToken(key, token, { inboxId, workspaceId }))).toBe(
      "visitor_token_expired",
    );
  });

  it("refuses garbage and oversized tokens without throwing anything but a 401", async () => {
    for (const t of ["", "x", "a.b.c", "x".repeat(5000)]) {
      expect(await reason(verifyVisitorToken(key, t, { inboxId, workspaceId }))).toBe(
        "visitor_token_invalid",
      );
    }
  });

  it("reads only a well-formed bearer header", () => {
    const req = (h?: string) => new Request("http://x/", h ? { headers: { authorization: h } } : {});
    expect(bearerToken(req("Bearer abc.def-ghi_j"))).toBe("abc.def-ghi_j");
    expect(bearerToken(req())).toBeUndefined();
    expect(bearerToken(req("Basic abc"))).toBeUndefined();
    expect(bearerToken(req("Bearer a b"))).toBeUndefined();
  });
});
