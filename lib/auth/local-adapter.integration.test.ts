import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { MemoryJar } from "../../test/auth/memory-jar-kit";
import { closeDb, getDb } from "../db/client";
import { AppError } from "../errors";
import { logger } from "../logger";
import { createLocalAuth, type LocalAuthOptions } from "./local-adapter";
import { ACCESS_COOKIE, REFRESH_COOKIE } from "./tokens";

const base: LocalAuthOptions = {
  secret: "local-adapter-test-secret-0123456789abcdef",
  appUrl: "http://localhost:3000",
  accessTtlSeconds: 900,
  refreshTtlDays: 30,
  reuseGraceSeconds: 0,
  signInLimit: { max: 5, windowSeconds: 60 },
  secureCookies: false,
};
const auth = createLocalAuth(base);
const meta = {
  ip: `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
  userAgent: "vitest",
};
const email = () => `user-${randomUUID()}@example.test`;

async function expectCode(p: Promise<unknown>, code: string) {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

afterAll(closeDb);

describe("local auth adapter", () => {
  it("signs up with an argon2id hash, a session and Supabase-shaped claims", async () => {
    const jar = new MemoryJar();
    const addr = email();
    const { user, signedIn } = await auth.signUp(jar, { email: addr, password: "correct horse 1" }, meta);
    expect(signedIn).toBe(true);
    expect(jar.get(ACCESS_COOKIE)).toBeTruthy();
    expect(jar.get(REFRESH_COOKIE)).toBeTruthy();
    const session = await auth.getSession(jar);
    expect(session?.user).toEqual({ id: user.id, email: addr });
    expect(session?.claims).toMatchObject({
      sub: user.id,
      email: addr,
      role: "authenticated",
      aud: "authenticated",
    });
    const row = await getDb()
      .selectFrom("auth.users")
      .select("encrypted_password")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(row.encrypted_password).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const refreshRows = await getDb()
      .selectFrom("auth_refresh_tokens")
      .select("token_hash")
      .where("user_id", "=", user.id)
      .execute();
    expect(refreshRows).toHaveLength(1);
    expect(refreshRows[0]?.token_hash).not.toBe(jar.get(REFRESH_COOKIE));
  });

  it("refuses a second account for the same email, case-insensitively", async () => {
    const addr = email();
    await auth.signUp(new MemoryJar(), { email: addr, password: "password-one" }, meta);
    await expectCode(
      auth.signUp(new MemoryJar(), { email: addr, password: "password-two" }, meta),
      "conflict",
    );
  });

  it("signs in, and answers wrong password and unknown email with the same generic error", async () => {
    const addr = email();
    await auth.signUp(new MemoryJar(), { email: addr, password: "right-password" }, meta);
    const jar = new MemoryJar();
    const user = await auth.signIn(jar, { email: addr, password: "right-password" }, meta);
    expect(user.email).toBe(addr);
    expect(await auth.getSession(jar)).not.toBeNull();
    const wrong = await expectCode(
      auth.signIn(new MemoryJar(), { email: addr, password: "wrong" }, meta),
      "invalid_credentials",
    );
    const unknown = await expectCode(
      auth.signIn(new MemoryJar(), { email: email(), password: "wrong" }, meta),
      "invalid_credentials",
    );
    expect(wrong.message).toBe(unknown.message);
  });

  it("rotates refresh tokens and rejects a reused one, ending that session", async () => {
    const jar = new MemoryJar();
    await auth.signUp(jar, { email: email(), password: "rotate-me-please" }, meta);
    const firstRefresh = jar.get(REFRESH_COOKIE) as string;
    jar.delete(ACCESS_COOKIE); // as if the access token had expired
    const rotated = await auth.refreshSession(jar, meta);
    expect(rotated).not.toBeNull();
    const secondRefresh = jar.get(REFRESH_COOKIE) as string;
    expect(secondRefresh).not.toBe(firstRefresh);

    const thief = new MemoryJar();
    thief.set(REFRESH_COOKIE, firstRefresh);
    expect(await auth.refreshSession(thief, meta)).toBeNull();
    // Reuse revoked the whole session: the legitimate holder's tokens stop working too.
    expect(await auth.getSession(jar)).toBeNull();
    const victim = new MemoryJar();
    victim.set(REFRESH_COOKIE, secondRefresh);
    expect(await auth.refreshSession(victim, meta)).toBeNull();
  });

  it("tolerates two tabs refreshing at once within the grace window", async () => {
    const graceful = createLocalAuth({ ...base, reuseGraceSeconds: 10 });
    const jar = new MemoryJar();
    await graceful.signUp(jar, { email: email(), password: "two-tabs-open" }, meta);
    jar.delete(ACCESS_COOKIE);
    const tabA = jar.clone();
    const tabB = jar.clone();
    expect(await graceful.refreshSession(tabA, meta)).not.toBeNull();
    expect(await graceful.refreshSession(tabB, meta)).not.toBeNull();
  });

  it("signing out revokes the session, even for a copied access token", async () => {
    const jar = new MemoryJar();
    await auth.signUp(jar, { email: email(), password: "sign-me-out" }, meta);
    const copy = jar.clone();
    await auth.signOut(jar);
    expect(jar.get(ACCESS_COOKIE)).toBeUndefined();
    expect(await auth.getSession(copy)).toBeNull();
    copy.delete(ACCESS_COOKIE);
    expect(await auth.refreshSession(copy, meta)).toBeNull();
  });

  it("changing the password signs out every other session and keeps this one", async () => {
    const addr = email();
    const laptop = new MemoryJar();
    await auth.signUp(laptop, { email: addr, password: "old-password" }, meta);
    const phone = new MemoryJar();
    await auth.signIn(phone, { email: addr, password: "old-password" }, meta);
    const session = await auth.getSession(laptop);
    if (!session) throw new Error("expected a session");
    await expectCode(
      auth.changePassword(laptop, session, { currentPassword: "nope", newPassword: "new-password" }),
      "invalid_credentials",
    );
    await auth.changePassword(laptop, session, {
      currentPassword: "old-password",
      newPassword: "new-password",
    });
    expect(await auth.getSession(laptop)).not.toBeNull();
    expect(await auth.getSession(phone)).toBeNull();
    await expectCode(
      auth.signIn(new MemoryJar(), { email: addr, password: "old-password" }, meta),
      "invalid_credentials",
    );
    expect(await auth.signIn(new MemoryJar(), { email: addr, password: "new-password" }, meta)).toMatchObject(
      { email: addr },
    );
  });

  it("rate-limits sign-in per email with 429 rate_limited", async () => {
    const addr = email();
    await auth.signUp(new MemoryJar(), { email: addr, password: "limit-me-now" }, meta);
    for (let i = 0; i < base.signInLimit.max; i++) {
      await expectCode(
        auth.signIn(new MemoryJar(), { email: addr, password: "bad" }, meta),
        "invalid_credentials",
      );
    }
    const limited = await expectCode(
      auth.signIn(new MemoryJar(), { email: addr, password: "limit-me-now" }, meta),
      "rate_limited",
    );
    expect(limited.status).toBe(429);
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("resets a password with a one-time token and ends existing sessions", async () => {
    const addr = email();
    let mailed = "";
    const mailing = createLocalAuth({
      ...base,
      sendMail: async (_to, _subject, text) => {
        mailed = text;
      },
    });
    const jar = new MemoryJar();
    await mailing.signUp(jar, { email: addr, password: "forgot-this-one" }, meta);
    await mailing.requestPasswordReset(email(), meta); // unknown email: same silent success
    expect(mailed).toBe("");
    await mailing.requestPasswordReset(addr, meta);
    const token = decodeURIComponent(/token=([^\s]+)/.exec(mailed)?.[1] ?? "");
    expect(token.length).toBeGreaterThan(20);
    await mailing.resetPassword({ token, password: "brand-new-password" });
    expect(await mailing.getSession(jar)).toBeNull();
    await expectCode(mailing.resetPassword({ token, password: "another-password" }), "not_found");
    expect(
      await mailing.signIn(new MemoryJar(), { email: addr, password: "brand-new-password" }, meta),
    ).toMatchObject({
      email: addr,
    });
  });

  it("never writes a reset link to the log unless told to (development), with no mail configured", async () => {
    const addr = email();
    await auth.signUp(new MemoryJar(), { email: addr, password: "forgot-this-too" }, meta);
    const logged = () =>
      [...info.mock.calls, ...warn.mock.calls].map((call) => JSON.stringify(call)).join("\n");
    const info = vi.spyOn(logger, "info");
    const warn = vi.spyOn(logger, "warn");
    try {
      await auth.requestPasswordReset(addr, meta); // production: logResetLinks unset
      expect(logged()).not.toContain("reset-password?token=");
      expect(logged()).toContain("no SMTP_URL is configured");
      await createLocalAuth({ ...base, logResetLinks: true }).requestPasswordReset(addr, meta);
      expect(logged()).toContain("reset-password?token=");
    } finally {
      info.mockRestore();
      warn.mockRestore();
    }
  });
});
