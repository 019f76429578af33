import { sql } from "kysely";
import type { Database } from "../db/client";
import { getDb } from "../db/client";
import { runAsService } from "../db/rls";
import { AppError } from "../errors";
import { logger } from "../logger";
import { enforceRateLimits } from "../rate-limit";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";
import { createSessionStore, type SessionStore } from "./session-store";
import { isKnownDevice, rememberDevice, signInRules } from "./sign-in-limits";
import { ACCESS_COOKIE, hashToken, REFRESH_COOKIE, randomToken, verifyAccessToken } from "./tokens";
import type { AuthAdapter, AuthSession, AuthUser, CookieJar, CookieOptions, RequestMeta } from "./types";

export interface LocalAuthOptions {
  secret: string;
  appUrl: string;
  accessTtlSeconds: number;
  refreshTtlDays: number;
  /** Two tabs refreshing at once present the same token; within this window that is not theft. */
  reuseGraceSeconds?: number;
  signInLimit: { max: number; windowSeconds: number };
  secureCookies: boolean;
  sendMail?: (to: string, subject: string, text: string) => Promise<void>;
  /** Without sendMail: write reset links to the log. Development only; off unless set. */
  logResetLinks?: boolean;
  db?: Database;
}

const INVALID = () => new AppError("invalid_credentials", "Invalid email or password.");

export function createLocalAuth(opts: LocalAuthOptions): AuthAdapter {
  const secret = new TextEncoder().encode(opts.secret);
  const db = () => opts.db ?? getDb();
  const store: SessionStore = createSessionStore({
    secret,
    accessTtlSeconds: opts.accessTtlSeconds,
    refreshTtlDays: opts.refreshTtlDays,
    reuseGraceSeconds: opts.reuseGraceSeconds ?? 10,
    db,
  });

  const cookieBase: CookieOptions = {
    httpOnly: true,
    secure: opts.secureCookies,
    sameSite: "lax",
    path: "/",
  };

  function writeCookies(jar: CookieJar, tokens: { access: string; refresh: string }) {
    jar.set(ACCESS_COOKIE, tokens.access, { ...cookieBase, maxAge: opts.accessTtlSeconds });
    jar.set(REFRESH_COOKIE, tokens.refresh, { ...cookieBase, maxAge: opts.refreshTtlDays * 86_400 });
  }

  function clearCookies(jar: CookieJar) {
    jar.delete(ACCESS_COOKIE);
    jar.delete(REFRESH_COOKIE);
  }

  async function startSession(jar: CookieJar, user: AuthUser, meta: RequestMeta) {
    writeCookies(jar, await store.create(user, meta));
  }

  /** The access token's session, its revocation not yet checked. */
  async function verifiedToken(jar: CookieJar): Promise<{ session: AuthSession; sessionId: string } | null> {
    const token = jar.get(ACCESS_COOKIE);
    if (!token) return null;
    const claims = await verifyAccessToken(secret, token);
    if (!claims?.session_id || typeof claims.email !== "string") return null;
    return {
      session: { user: { id: claims.sub, email: claims.email }, claims },
      sessionId: String(claims.session_id),
    };
  }

  async function getSession(jar: CookieJar): Promise<AuthSession | null> {
    const verified = await verifiedToken(jar);
    // Checked on every request so sign-out and password changes bite at once.
    if (!verified || !(await store.isActive(verified.sessionId))) return null;
    return verified.session;
  }

  async function refreshSession(jar: CookieJar, meta: RequestMeta): Promise<AuthSession | null> {
    const current = await getSession(jar);
    if (current) return current;
    const refresh = jar.get(REFRESH_COOKIE);
    if (!refresh) return null;
    const rotated = await store.rotate(refresh, meta);
    if (!rotated) {
      clearCookies(jar);
      return null;
    }
    writeCookies(jar, rotated.tokens);
    return rotated.session;
  }

  return {
    kind: "local",

    async signUp(jar, input, meta) {
      const passwordHash = await hashPassword(input.password);
      const user = await runAsService(
        "auth:sign-up",
        async (tx) => {
          const row = await tx
            .insertInto("auth.users")
            .values({
              email: input.email,
              encrypted_password: passwordHash,
              email_confirmed_at: new Date(),
              raw_user_meta_data: JSON.stringify({ display_name: input.displayName ?? null }),
            })
            .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
            .returning(["id", "email"])
            .executeTakeFirst();
          return row;
        },
        db(),
      );
      if (!user) {
        throw new AppError(
          "conflict",
          "Could not create an account with this email. Try signing in instead.",
        );
      }
      const authUser = { id: user.id, email: user.email ?? input.email };
      await startSession(jar, authUser, meta);
      return { user: authUser, signedIn: true };
    },

    async signIn(jar, input, meta) {
      await enforceRateLimits(
        signInRules({
          ...opts.signInLimit,
          email: input.email,
          ip: meta.ip,
          knownDevice: isKnownDevice(jar, secret, input.email),
        }),
      );
      const row = await runAsService(
        "auth:sign-in",
        (tx) =>
          tx
            .selectFrom("auth.users")
            .select(["id", "email", "encrypted_password"])
            .where(sql`lower(email)`, "=", input.email)
            .executeTakeFirst(),
        db(),
      );
      if (!row?.encrypted_password) {
        await burnPasswordCheck(input.password);
        throw INVALID();
      }
      if (!(await verifyPassword(row.encrypted_password, input.password))) throw INVALID();
      const user = { id: row.id, email: row.email ?? input.email };
      await startSession(jar, user, meta);
      rememberDevice(jar, secret, input.email, cookieBase);
      return user;
    },

    async signOut(jar) {
      const session = await getSession(jar);
      const refresh = jar.get(REFRESH_COOKIE);
      await store.revoke({
        sessionId: session?.claims.session_id as string | undefined,
        refreshToken: refresh,
      });
      clearCookies(jar);
    },

    getSession,

    refreshSession,

    async refreshSessionDeferred(jar, meta) {
      const verified = await verifiedToken(jar);
      if (verified) return { session: verified.session, revocationCheck: verified.sessionId };
      // Missing or expired: rotating the refresh token checks the session itself.
      const rotated = await refreshSession(jar, meta);
      return rotated ? { session: rotated, revocationCheck: null } : null;
    },

    async sessionStatus(session) {
      const sessionId = session.claims.session_id;
      if (typeof sessionId !== "string") return "ended";
      // Not the access token's expiry: a refresh keeps the session id, and the session is what a sign-out ends.
      return (await store.isActiveFor(sessionId, session.user.id)) ? "active" : "ended";
    },

    async changePassword(_jar, session, input) {
      const row = await runAsService(
        "auth:change-password",
        (tx) =>
          tx
            .selectFrom("auth.users")
            .select("encrypted_password")
            .where("id", "=", session.user.id)
            .executeTakeFirst(),
        db(),
      );
      if (
        !row?.encrypted_password ||
        !(await verifyPassword(row.encrypted_password, input.currentPassword))
      ) {
        throw new AppError("invalid_credentials", "Current password is incorrect.");
      }
      const passwordHash = await hashPassword(input.newPassword);
      await runAsService(
        "auth:change-password",
        (tx) =>
          tx
            .updateTable("auth.users")
            .set({ encrypted_password: passwordHash, updated_at: new Date() })
            .where("id", "=", session.user.id)
            .execute(),
        db(),
      );
      await store.revokeAllForUser(session.user.id, { except: session.claims.session_id as string });
    },

    async requestPasswordReset(email, meta) {
      await enforceRateLimits([{ key: `reset:email:${email}`, max: 5, windowSeconds: 3600 }]);
      const token = randomToken();
      const user = await runAsService(
        "auth:password-reset",
        async (tx) => {
          const u = await tx
            .selectFrom("auth.users")
            .select(["id", "email"])
            .where(sql`lower(email)`, "=", email)
            .executeTakeFirst();
          if (!u) return undefined;
          await tx
            .insertInto("password_resets")
            .values({
              user_id: u.id,
              token_hash: hashToken(token),
              expires_at: new Date(Date.now() + 3_600_000),
            })
            .execute();
          return u;
        },
        db(),
      );
      if (!user) {
        logger.info({ ip: meta.ip }, "password reset requested for an unknown email");
        return;
      }
      const link = `${opts.appUrl}/reset-password?token=${encodeURIComponent(token)}`;
      if (opts.sendMail) {
        await opts.sendMail(email, "Reset your Switchboard password", `Reset your password: ${link}\n`);
      } else if (opts.logResetLinks) {
        // Development without mail: the developer reads the link from the terminal.
        logger.info({ email, resetLink: link }, "password reset link (no SMTP configured)");
      } else {
        // A link in a production log lets anyone who reads the logs take over the account.
        logger.warn(
          { userId: user.id },
          "password reset requested, but no SMTP_URL is configured to send it",
        );
      }
    },

    async resetPassword(input) {
      const passwordHash = await hashPassword(input.password);
      const userId = await runAsService(
        "auth:password-reset",
        async (tx) => {
          const row = await tx
            .updateTable("password_resets")
            .set({ used_at: new Date() })
            .where("token_hash", "=", hashToken(input.token))
            .where("used_at", "is", null)
            .where("expires_at", ">", new Date())
            .returning("user_id")
            .executeTakeFirst();
          if (!row) return undefined;
          await tx
            .updateTable("auth.users")
            .set({ encrypted_password: passwordHash, updated_at: new Date() })
            .where("id", "=", row.user_id)
            .execute();
          return row.user_id;
        },
        db(),
      );
      if (!userId) throw new AppError("not_found", "This reset link is invalid or expired.");
      await store.revokeAllForUser(userId);
    },
  };
}
