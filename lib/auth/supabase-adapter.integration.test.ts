import { randomUUID } from "node:crypto";
import { sql } from "kysely";
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
import { getDb } from "../db/client";
import { runAsUser } from "../db/rls";
import { freePort } from "../db/throwaway";
import { createSupabaseAuth } from "./supabase-adapter";

setupSupabaseFake();

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
