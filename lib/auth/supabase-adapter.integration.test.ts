import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  MemoryCookieJar,
  readAuthCookie,
  type StoredSession,
  writeAuthCookie,
} from "@/test/fakes/memory-cookie-jar";
import {
  type FakeAuthSettings,
  type FakeSupabaseAuth,
  startFakeSupabaseAuth,
} from "@/test/fakes/supabase-auth-fake";
import { closeDb, getDb } from "../db/client";
import { runAsUser } from "../db/rls";
import { freePort } from "../db/throwaway";
import { AppError } from "../errors";
import { createSupabaseAuth } from "./supabase-adapter";
import type { AuthAdapter, AuthSession } from "./types";

const APP_URL = "http://localhost:3000";
// supabase-js names the cookie after the first label of the project host: 127.0.0.1 -> "127".
const COOKIE = "sb-127-auth-token";
const PASSWORD = "correct horse battery";

let fake: FakeSupabaseAuth;
let auth: AuthAdapter;
let defaults: FakeAuthSettings;

beforeAll(async () => {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set by test/integration-env.ts");
  fake = await startFakeSupabaseAuth({ databaseUrl });
  defaults = { ...fake.settings };
  auth = createSupabaseAuth({ url: fake.url, anonKey: fake.anonKey, appUrl: APP_URL });
});

afterEach(() => {
  Object.assign(fake.settings, defaults);
});

afterAll(async () => {
  await fake?.stop();
  await closeDb();
});

const newEmail = () => `user-${randomUUID()}@example.com`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mark = () => fake.requests.length;
const since = (n: number) => fake.requests.slice(n).map((r) => `${r.method} ${r.path}`);

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function newUser(password = PASSWORD) {
  const jar = new MemoryCookieJar();
  const email = newEmail();
  const { user } = await auth.signUp(jar, { email, password, displayName: "Ada Lovelace" }, {});
  return { jar, email, id: user.id };
}

/** Signs in with access tokens that live one second, then waits for them to expire. */
async function expiredSignIn(email: string, password = PASSWORD): Promise<MemoryCookieJar> {
  const jar = new MemoryCookieJar();
  fake.settings.accessTokenTtlSeconds = 1;
  await auth.signIn(jar, { email, password }, {});
  fake.settings.accessTokenTtlSeconds = defaults.accessTokenTtlSeconds;
  await sleep(1100);
  return jar;
}

async function stored(jar: MemoryCookieJar): Promise<StoredSession> {
  const session = await readAuthCookie(jar, COOKIE);
  if (!session) throw new Error("no session cookie in the jar");
  return session;
}

async function mustSession(promise: Promise<AuthSession | null>): Promise<AuthSession> {
  const session = await promise;
  if (!session) throw new Error("expected a session");
  return session;
}

describe("signUp", () => {
  it("creates the auth.users row, the profile through the trigger, and a signed-in session", async () => {
    const jar = new MemoryCookieJar();
    const email = newEmail();
    const before = mark();

    const result = await auth.signUp(jar, { email, password: PASSWORD, displayName: "Ada Lovelace" }, {});

    expect(result.signedIn).toBe(true);
    expect(result.user.email).toBe(email);
    const { rows: users } = await sql<{ id: string; email: string; display_name: string }>`
      select id, email, raw_user_meta_data ->> 'display_name' as display_name from auth.users where email = ${email}
    `.execute(getDb());
    expect(users).toEqual([{ id: result.user.id, email, display_name: "Ada Lovelace" }]);
    const { rows: profiles } = await sql<{ id: string; email: string; display_name: string }>`
      select id, email, display_name from public.profiles where id = ${result.user.id}
    `.execute(getDb());
    expect(profiles).toEqual([{ id: result.user.id, email, display_name: "Ada Lovelace" }]);

    const [request] = fake.requests.slice(before);
    expect(request).toMatchObject({
      method: "POST",
      path: "/auth/v1/signup",
      apikey: fake.anonKey,
      apiVersion: "2024-01-01",
      body: { email, password: PASSWORD, data: { display_name: "Ada Lovelace" } },
    });
    expect(jar.names().length).toBeGreaterThan(0);
    for (const name of jar.names()) {
      expect(name.startsWith(COOKIE)).toBe(true);
      expect(jar.options(name)).toMatchObject({ httpOnly: true, secure: false, sameSite: "lax", path: "/" });
    }
    expect((await stored(jar)).user).toMatchObject({ id: result.user.id, email });
  });

  it("maps an already registered email to conflict and leaves the first account alone", async () => {
    const { email, id } = await newUser();

    const error = await rejection(
      auth.signUp(new MemoryCookieJar(), { email, password: "another one 123" }, {}),
    );

    expect(error.code).toBe("conflict");
    expect(error.status).toBe(409);
    const { rows } = await sql<{ id: string }>`select id from auth.users where email = ${email}`.execute(
      getDb(),
    );
    expect(rows).toEqual([{ id }]);
  });

  it("maps the provider's password policy to validation_failed with its reasons", async () => {
    fake.settings.minPasswordLength = 30;
    const email = newEmail();

    const error = await rejection(auth.signUp(new MemoryCookieJar(), { email, password: PASSWORD }, {}));

    expect(error.code).toBe("validation_failed");
    expect(error.details).toEqual({ reasons: ["length"] });
    const { rows } = await sql`select 1 from auth.users where email = ${email}`.execute(getDb());
    expect(rows).toHaveLength(0);
  });

  it("reports signedIn false and sets no cookie when the email must be confirmed first", async () => {
    fake.settings.autoconfirm = false;
    const jar = new MemoryCookieJar();
    const email = newEmail();

    const result = await auth.signUp(jar, { email, password: PASSWORD }, {});

    expect(result.signedIn).toBe(false);
    // Only the PKCE verifier for the confirmation link's `?code=`, no session.
    expect(jar.names()).toEqual([`${COOKIE}-code-verifier`]);
    const error = await rejection(auth.signIn(new MemoryCookieJar(), { email, password: PASSWORD }, {}));
    expect(error.code).toBe("forbidden");
    expect(error.message).toBe("Confirm your email address, then sign in.");
  });
});

describe("signIn", () => {
  it("signs in and stores the session in the jar", async () => {
    const { email, id } = await newUser();
    const jar = new MemoryCookieJar();

    const user = await auth.signIn(jar, { email, password: PASSWORD }, {});

    expect(user).toEqual({ id, email });
    const session = await stored(jar);
    expect(session.user).toMatchObject({ id, email });
    expect(session.refresh_token).toMatch(/^[\w-]{12}$/);
    expect(fake.activeSessions(id)).toBe(2); // sign-up's session and this one
  });

  it("answers a wrong password and an unknown email with the same generic 401", async () => {
    const { email } = await newUser();
    const jar = new MemoryCookieJar();

    const wrong = await rejection(auth.signIn(jar, { email, password: "not the password" }, {}));
    const unknown = await rejection(auth.signIn(jar, { email: newEmail(), password: PASSWORD }, {}));

    for (const error of [wrong, unknown]) {
      expect(error.code).toBe("invalid_credentials");
      expect(error.status).toBe(401);
      expect(error.message).toBe("Invalid email or password.");
    }
    expect(jar.names()).toEqual([]);
  });

  it("maps a gateway outage to unavailable", async () => {
    const { email } = await newUser();
    fake.failNext(503);

    const error = await rejection(auth.signIn(new MemoryCookieJar(), { email, password: PASSWORD }, {}));

    expect(error.code).toBe("unavailable");
    expect(error.status).toBe(503);
  });

  it("maps an unreachable server to unavailable", async () => {
    const down = createSupabaseAuth({
      url: `http://127.0.0.1:${await freePort()}`,
      anonKey: fake.anonKey,
      appUrl: APP_URL,
    });

    const error = await rejection(
      down.signIn(new MemoryCookieJar(), { email: newEmail(), password: PASSWORD }, {}),
    );

    expect(error.code).toBe("unavailable");
  });

  it("replaces an expired session of another user in the same jar", async () => {
    const first = await newUser();
    const second = await newUser();
    const jar = await expiredSignIn(first.email);
    // The stale session's background refresh answers after the sign-in does.
    fake.settings.refreshDelayMs = 300;

    await auth.signIn(jar, { email: second.email, password: PASSWORD }, {});
    await sleep(500);

    expect((await stored(jar)).user).toMatchObject({ id: second.id });
    expect((await mustSession(auth.getSession(jar))).user.id).toBe(second.id);
  });
});

describe("getSession", () => {
  it("returns the verified claims without calling the auth server for them", async () => {
    const { jar, email, id } = await newUser();
    const before = mark();

    const session = await mustSession(auth.getSession(jar));

    expect(session.user).toEqual({ id, email });
    expect(session.claims).toMatchObject({
      sub: id,
      email,
      role: "authenticated",
      aud: "authenticated",
      iss: `${fake.url}/auth/v1`,
    });
    expect(session.claims.session_id).toMatch(/^[0-9a-f-]{36}$/);
    // Verified locally against the published key: at most the JWKS is fetched, never /user or /token.
    expect(since(before).filter((r) => r !== "GET /auth/v1/.well-known/jwks.json")).toEqual([]);
  });

  it("feeds runAsUser so that auth.uid() and RLS see the signed-in user", async () => {
    const { jar, email, id } = await newUser();
    await newUser(); // someone else's profile, which RLS must hide
    const session = await mustSession(auth.getSession(jar));

    const seen = await runAsUser(session.claims, async (tx) => {
      const who = await sql<{ uid: string; email: string; db_role: string }>`
        select auth.uid() as uid, auth.email() as email, current_user as db_role
      `.execute(tx);
      const profiles = await sql<{ id: string }>`select id from public.profiles`.execute(tx);
      return { who: who.rows[0], profiles: profiles.rows };
    });

    expect(seen.who).toEqual({ uid: id, email, db_role: "authenticated" });
    expect(seen.profiles).toEqual([{ id }]);
  });

  it("returns null without cookies, with garbage, and for a token whose payload was altered", async () => {
    const { jar } = await newUser();
    const garbage = new MemoryCookieJar();
    garbage.set(COOKIE, "base64-not-json");
    const forged = jar.clone();
    const session = await stored(forged);
    const [header, payload, signature] = session.access_token.split(".");
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<string, unknown>;
    const altered = Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString("base64url");
    writeAuthCookie(forged, COOKIE, { ...session, access_token: `${header}.${altered}.${signature}` });

    expect(await auth.getSession(new MemoryCookieJar())).toBeNull();
    expect(await auth.getSession(garbage)).toBeNull();
    expect(await auth.getSession(forged)).toBeNull();
    expect(await auth.refreshSession(forged, {})).toBeNull();
    expect(await auth.getSession(jar)).not.toBeNull();
  });

  it("drops a session cookie @supabase/ssr cannot decode instead of throwing", async () => {
    const { email, id } = await newUser();
    const jars = [1, 2, 3].map(() => {
      const jar = new MemoryCookieJar();
      jar.set(COOKIE, "base64-not-json");
      return jar;
    });
    const [refreshing, signingOut, signingIn] = jars as [MemoryCookieJar, MemoryCookieJar, MemoryCookieJar];

    expect(await auth.refreshSession(refreshing, {})).toBeNull();
    await auth.signOut(signingOut);
    await auth.signIn(signingIn, { email, password: PASSWORD }, {});

    expect(refreshing.names()).toEqual([]);
    expect(signingOut.names()).toEqual([]);
    expect((await stored(signingIn)).user).toMatchObject({ id });
  });

  it("returns null for an expired access token and does not refresh it", async () => {
    const { email } = await newUser();
    const jar = await expiredSignIn(email);
    const cookiesBefore = jar.getAll();
    const before = mark();

    expect(await auth.getSession(jar)).toBeNull();

    expect(since(before).filter((r) => r.startsWith("POST /auth/v1/token"))).toEqual([]);
    expect(jar.getAll()).toEqual(cookiesBefore);
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
