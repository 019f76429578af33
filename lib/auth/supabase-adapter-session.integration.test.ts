import { describe, expect, it } from "vitest";
import { MemoryCookieJar, writeAuthCookie } from "@/test/fakes/browser-cookie-jar-fake";
import {
  APP_URL,
  auth,
  COOKIE,
  expiredSignIn,
  fake,
  mark,
  mustSession,
  newEmail,
  newUser,
  PASSWORD,
  rejection,
  setupSupabaseFake,
  since,
  sleep,
  stored,
} from "../../test/auth/supabase-adapter-kit";
import type { AuthSession } from "./types";

setupSupabaseFake();

describe("refreshSessionDeferred", () => {
  it("leaves nothing for our database to check: Supabase Auth verified the session, rotating if expired", async () => {
    const { email, id } = await newUser();
    const jar = await expiredSignIn(email);
    const old = await stored(jar);
    const pending = await auth.refreshSessionDeferred(jar, {});
    expect(pending?.revocationCheck).toBeNull();
    expect(pending?.session.user.id).toBe(id);
    expect((await stored(jar)).refresh_token).not.toBe(old.refresh_token);
    expect(await auth.refreshSessionDeferred(new MemoryCookieJar(), {})).toBeNull();
  });
});

describe("refreshSession", () => {
  it("rotates the refresh token of an expired session and writes the new cookies", async () => {
    const { email, id } = await newUser();
    const jar = await expiredSignIn(email);
    const old = await stored(jar);
    const oldClaims = JSON.parse(Buffer.from(old.access_token.split(".")[1] ?? "", "base64url").toString());
    const before = mark();

    const session = await mustSession(auth.refreshSession(jar, {}));

    expect(session.user.id).toBe(id);
    expect(session.claims.session_id).toBe(oldClaims.session_id);
    const refreshes = fake.requests.slice(before).filter((r) => r.path === "/auth/v1/token");
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).toMatchObject({
      query: { grant_type: "refresh_token" },
      body: { refresh_token: old.refresh_token },
    });
    const renewed = await stored(jar);
    expect(renewed.refresh_token).not.toBe(old.refresh_token);
    expect(renewed.expires_at).toBeGreaterThan(Date.now() / 1000 + 3000);
    expect((await mustSession(auth.getSession(jar))).claims.session_id).toBe(oldClaims.session_id);
  });

  it("does not refresh a session that is still valid", async () => {
    const { jar, id } = await newUser();
    const refreshToken = (await stored(jar)).refresh_token;
    const before = mark();

    expect((await mustSession(auth.refreshSession(jar, {}))).user.id).toBe(id);

    expect(since(before).filter((r) => r.startsWith("POST /auth/v1/token"))).toEqual([]);
    expect((await stored(jar)).refresh_token).toBe(refreshToken);
  });

  it("lets a second request with the same cookies refresh within the reuse interval", async () => {
    const { email, id } = await newUser();
    const tab = await expiredSignIn(email);
    const otherTab = tab.clone();

    await mustSession(auth.refreshSession(tab, {}));
    const second = await mustSession(auth.refreshSession(otherTab, {}));

    expect(second.user.id).toBe(id);
    expect((await stored(otherTab)).refresh_token).toBe((await stored(tab)).refresh_token);
  });

  it("treats a replayed refresh token as theft: null, cookies cleared, session family revoked", async () => {
    fake.settings.refreshTokenReuseIntervalSeconds = 0;
    const { email, id } = await newUser();
    const victim = await expiredSignIn(email);
    const thief = victim.clone();
    await mustSession(auth.refreshSession(victim, {}));
    const sessionsBefore = fake.activeSessions(id);

    expect(await auth.refreshSession(thief, {})).toBeNull();

    expect(thief.names()).toEqual([]);
    expect(fake.activeSessions(id)).toBe(sessionsBefore - 1);
  });
});

describe("signOut", () => {
  it("revokes the session on the server and clears the cookies", async () => {
    const { email, id } = await newUser();
    const jar = await expiredSignIn(email);
    await mustSession(auth.refreshSession(jar, {}));
    const copy = jar.clone();
    const sessionsBefore = fake.activeSessions(id);
    const before = mark();

    await auth.signOut(jar);

    expect(jar.names()).toEqual([]);
    expect(await auth.getSession(jar)).toBeNull();
    expect(fake.requests.slice(before)).toContainEqual(
      expect.objectContaining({ method: "POST", path: "/auth/v1/logout", query: { scope: "local" } }),
    );
    expect(fake.activeSessions(id)).toBe(sessionsBefore - 1);
    // The copied refresh token died with the session.
    const copied = await stored(copy);
    writeAuthCookie(copy, COOKIE, { ...copied, expires_at: Math.floor(Date.now() / 1000) - 10 });
    expect(await auth.refreshSession(copy, {})).toBeNull();
  });

  it("clears the cookies even when the auth server is down", async () => {
    const { jar } = await newUser();
    fake.failNext(503);

    await auth.signOut(jar);

    expect(jar.names()).toEqual([]);
  });
});

describe("changePassword", () => {
  it("rejects a wrong current password and keeps the old one", async () => {
    const { jar, email } = await newUser();
    const session = await mustSession(auth.getSession(jar));

    const error = await rejection(
      auth.changePassword(jar, session, {
        currentPassword: "wrong password",
        newPassword: "a brand new one",
      }),
    );

    expect(error.code).toBe("invalid_credentials");
    expect(error.message).toBe("Current password is incorrect.");
    await expect(
      auth.signIn(new MemoryCookieJar(), { email, password: PASSWORD }, {}),
    ).resolves.toMatchObject({
      email,
    });
  });

  it("changes the password, keeps this device signed in and signs out every other one", async () => {
    const { jar, email, id } = await newUser();
    const otherDevice = await expiredSignIn(email);
    const session = await mustSession(auth.getSession(jar));
    const before = mark();

    await auth.changePassword(jar, session, { currentPassword: PASSWORD, newPassword: "a brand new one" });

    expect(fake.requests.slice(before)).toContainEqual(
      expect.objectContaining({ method: "POST", path: "/auth/v1/logout", query: { scope: "others" } }),
    );
    expect(fake.activeSessions(id)).toBe(1);
    expect((await mustSession(auth.getSession(jar))).user.id).toBe(id);
    expect(await auth.refreshSession(otherDevice, {})).toBeNull();
    const old = await rejection(auth.signIn(new MemoryCookieJar(), { email, password: PASSWORD }, {}));
    expect(old.code).toBe("invalid_credentials");
    await expect(
      auth.signIn(new MemoryCookieJar(), { email, password: "a brand new one" }, {}),
    ).resolves.toMatchObject({ id });
  });

  it("stays signed in when the stored session was due for a refresh", async () => {
    const { email, id } = await newUser();
    const jar = await expiredSignIn(email);
    // Only what the route would have: getSession() already says null for this expired token.
    const session: AuthSession = { user: { id, email }, claims: { sub: id, role: "authenticated", email } };
    fake.settings.refreshDelayMs = 300;

    await auth.changePassword(jar, session, { currentPassword: PASSWORD, newPassword: "a brand new one" });
    await sleep(500); // room for any refresh still in flight to land in the jar

    expect((await mustSession(auth.getSession(jar))).user.id).toBe(id);
    expect(fake.activeSessions(id)).toBe(1);
  });

  it("maps reusing the current password to validation_failed", async () => {
    const { jar } = await newUser();
    const session = await mustSession(auth.getSession(jar));

    const error = await rejection(
      auth.changePassword(jar, session, { currentPassword: PASSWORD, newPassword: PASSWORD }),
    );

    expect(error.code).toBe("validation_failed");
  });
});

describe("password reset", () => {
  it("emails a link to /reset-password whose token sets a new password and ends every session", async () => {
    const { email, id } = await newUser();
    const before = mark();

    await expect(auth.requestPasswordReset(email, {})).resolves.toBeUndefined();

    expect(fake.requests.slice(before)).toContainEqual(
      expect.objectContaining({
        method: "POST",
        path: "/auth/v1/recover",
        query: { redirect_to: `${APP_URL}/reset-password` },
        body: expect.objectContaining({ email }),
      }),
    );
    const token = fake.lastRecoveryToken(email);
    if (!token) throw new Error("the fake sent no recovery email");

    await auth.resetPassword({ token, password: "reset to this one" });

    expect(fake.activeSessions(id)).toBe(0);
    const old = await rejection(auth.signIn(new MemoryCookieJar(), { email, password: PASSWORD }, {}));
    expect(old.code).toBe("invalid_credentials");
    await expect(
      auth.signIn(new MemoryCookieJar(), { email, password: "reset to this one" }, {}),
    ).resolves.toMatchObject({ id });
    const reused = await rejection(auth.resetPassword({ token, password: "and once more again" }));
    expect(reused.code).toBe("not_found");
    expect(reused.message).toBe("This reset link is invalid or expired.");
  });

  it("answers an unknown address and a rate-limited one exactly like a known one", async () => {
    const { email } = await newUser();
    const unknown = newEmail();
    await auth.requestPasswordReset(email, {});
    const first = fake.lastRecoveryToken(email);

    await expect(auth.requestPasswordReset(unknown, {})).resolves.toBeUndefined();
    await expect(auth.requestPasswordReset(email, {})).resolves.toBeUndefined();

    expect(fake.lastRecoveryToken(unknown)).toBeUndefined();
    expect(fake.lastRecoveryToken(email)).toBe(first); // the second one was refused (429), silently
  });

  it("surfaces an outage instead of pretending the email went out", async () => {
    const { email } = await newUser();
    fake.failNext(500);

    const error = await rejection(auth.requestPasswordReset(email, {}));

    expect(error.code).toBe("unavailable");
    expect(fake.lastRecoveryToken(email)).toBeUndefined();
  });

  it("rejects a made-up token as not_found", async () => {
    const error = await rejection(
      auth.resetPassword({ token: "pkce_0123456789abcdef0123456789", password: "whatever 123" }),
    );

    expect(error.code).toBe("not_found");
    expect(error.status).toBe(404);
  });
});

describe("sessionStatus", () => {
  it("is active while Supabase Auth keeps the session, ended after a sign-out, expired once the token runs out", async () => {
    const { email } = await newUser();
    const jar = new MemoryCookieJar();
    await auth.signIn(jar, { email, password: PASSWORD }, {});
    const session = await mustSession(auth.refreshSession(jar, {}));
    expect(session.accessToken).toBeTruthy();
    expect(await auth.sessionStatus(session)).toBe("active");
    await auth.signOut(jar);
    expect(await auth.sessionStatus(session)).toBe("ended");

    const short = await expiredSignIn(email);
    const token = (await stored(short)).access_token;
    const claims = JSON.parse(
      Buffer.from(token.split(".")[1] ?? "", "base64url").toString(),
    ) as AuthSession["claims"];
    expect(await auth.sessionStatus({ user: { id: claims.sub, email }, claims, accessToken: token })).toBe(
      "expired",
    );
  });

  it("a password change ends the other sessions", async () => {
    const { email } = await newUser();
    const other = new MemoryCookieJar();
    await auth.signIn(other, { email, password: PASSWORD }, {});
    const otherSession = await mustSession(auth.refreshSession(other, {}));
    const mine = new MemoryCookieJar();
    await auth.signIn(mine, { email, password: PASSWORD }, {});
    const mySession = await mustSession(auth.refreshSession(mine, {}));
    await auth.changePassword(mine, mySession, {
      currentPassword: PASSWORD,
      newPassword: "another password 9",
    });
    expect(await auth.sessionStatus(otherSession)).toBe("ended");
  });
});
