import {
  combineChunks,
  createServerClient,
  type CookieOptions as SsrCookieOptions,
  stringFromBase64URL,
} from "@supabase/ssr";
import {
  type AuthError,
  createClient,
  isAuthRetryableFetchError,
  type SupabaseClient,
} from "@supabase/supabase-js";
import type { JwtClaims } from "../db/rls";
import { AppError, type ErrorCode } from "../errors";
import { logger } from "../logger";
import type { AuthAdapter, AuthSession, CookieJar, CookieOptions } from "./types";

const REQUEST_TIMEOUT_MS = 10_000;

type Mapped = readonly [ErrorCode, string];
type Known = Readonly<Record<string, Mapped>>;

const BAD_LOGIN: Mapped = ["invalid_credentials", "Invalid email or password."];
const WRONG_CURRENT: Mapped = ["invalid_credentials", "Current password is incorrect."];
// GoTrue checks the password before confirmation, so this answer reveals nothing to a guesser.
const SIGN_IN_ERRORS: Known = {
  email_not_confirmed: ["forbidden", "Confirm your email address, then sign in."],
};
const PASSWORD_RULES: Known = {
  weak_password: ["validation_failed", "Choose a stronger password."],
  same_password: ["validation_failed", "Choose a password different from your current one."],
};
const SIGN_UP_ERRORS: Known = {
  ...PASSWORD_RULES,
  user_already_exists: ["conflict", "An account with this email already exists."],
  email_exists: ["conflict", "An account with this email already exists."],
  email_address_invalid: ["validation_failed", "Enter a valid email address."],
  validation_failed: ["validation_failed", "Enter a valid email address."],
  signup_disabled: ["forbidden", "Sign-ups are closed."],
};

// Network failures, 5xx and non-JSON gateway pages: the provider is down, not the user wrong.
function isOutage(e: AuthError): boolean {
  return isAuthRetryableFetchError(e) || e.name === "AuthUnknownError" || (e.status ?? 0) >= 500;
}

function toAppError(op: string, e: AuthError, known: Known, fallback?: Mapped): AppError {
  if (isOutage(e)) {
    logger.error({ err: e, op }, "Supabase Auth is unreachable");
    return new AppError("unavailable", "Sign-in is unavailable right now. Try again shortly.", { cause: e });
  }
  if (e.status === 429) {
    return new AppError("rate_limited", "Too many attempts. Wait a moment and try again.", { cause: e });
  }
  const mapped = (e.code ? known[e.code] : undefined) ?? fallback;
  if (!mapped) logger.warn({ err: e, op, code: e.code }, "Unexpected Supabase Auth error");
  const [code, message] = mapped ?? ["internal", "Something went wrong on our side."];
  const reasons = (e as { reasons?: unknown }).reasons;
  return new AppError(code, message, { cause: e, details: Array.isArray(reasons) ? { reasons } : undefined });
}

// @supabase/ssr speaks the `cookie` package's options (sameSite may be a boolean); the jar speaks ours.
function toJarOptions({ httpOnly, secure, sameSite, path, maxAge, expires, domain }: SsrCookieOptions) {
  const same = sameSite === true ? "strict" : sameSite || undefined;
  return { httpOnly, secure, sameSite: same, path, maxAge, expires, domain } satisfies CookieOptions;
}

/**
 * The access token as @supabase/ssr stores it (possibly chunked, `base64-` prefixed JSON), read without a
 * client, which would start refreshing an expiring session. undefined: no cookie; null: unusable cookie.
 */
async function storedAccessToken(jar: CookieJar, key: string): Promise<string | null | undefined> {
  const cookies = jar.getAll();
  const raw = await combineChunks(key, (name) => cookies.find((c) => c.name === name)?.value);
  if (!raw) return undefined;
  try {
    const json = raw.startsWith("base64-") ? stringFromBase64URL(raw.slice("base64-".length)) : raw;
    const token = (JSON.parse(json) as { access_token?: unknown }).access_token;
    return typeof token === "string" ? token : null;
  } catch {
    return null;
  }
}

function toSession(payload: Record<string, unknown>, accessToken?: string): AuthSession | null {
  const { sub, email } = payload;
  // Only user tokens reach RLS as `authenticated`: an anon or service JWT never becomes a session.
  if (typeof sub !== "string" || payload.role !== "authenticated") return null;
  const claims: JwtClaims = { ...payload, sub, role: "authenticated" };
  return { user: { id: sub, email: typeof email === "string" ? email : "" }, claims, accessToken };
}

async function verifiedSession(client: SupabaseClient, jwt?: string): Promise<AuthSession | null> {
  // getClaims throws, rather than returns, for expired or malformed tokens.
  const result = await client.auth.getClaims(jwt).catch(() => null);
  if (result?.error && isOutage(result.error)) throw toAppError("getClaims", result.error, {});
  if (!result?.data) return null;
  const token = jwt ?? (await client.auth.getSession()).data.session?.access_token;
  return toSession(result.data.claims as Record<string, unknown>, token);
}

export function createSupabaseAuth(opts: { url: string; anonKey: string; appUrl: string }): AuthAdapter {
  // supabase-js's own default, pinned so the cookie reader above and every client agree on it.
  const storageKey = `sb-${new URL(opts.url).hostname.split(".")[0]}-auth-token`;
  const resetUrl = `${opts.appUrl.replace(/\/+$/, "")}/reset-password`;
  // Only the server reads the session; script in the page never needs the refresh token.
  const cookieOptions = {
    httpOnly: true,
    secure: opts.appUrl.startsWith("https:"),
    sameSite: "lax" as const,
  };

  // supabase-js sets no timeout: a hung auth server would hang every request that touches a session.
  const global = {
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
  };
  const clearSessionCookies = (jar: CookieJar) => {
    for (const { name } of jar.getAll()) if (name.startsWith(storageKey)) jar.delete(name);
  };
  const forJar = async (jar: CookieJar, replacing = false) => {
    // A new sign-in supersedes the stored session: refreshing that one first is a wasted round trip.
    // A cookie @supabase/ssr cannot decode makes it throw, from the constructor as an unhandled rejection.
    if (replacing || (await storedAccessToken(jar, storageKey)) === null) clearSessionCookies(jar);
    const client = createServerClient(opts.url, opts.anonKey, {
      auth: { storageKey },
      cookieOptions,
      global,
      cookies: {
        getAll: () => jar.getAll(),
        setAll: (list) => {
          for (const { name, value, options } of list) jar.set(name, value, toJarOptions(options));
        },
      },
    });
    // The constructor starts loading, and near expiry refreshing, the stored session in the background.
    // Left running, a late refresh overwrites the cookies this call writes (even another user's session).
    const { error } = await client.auth.getSession();
    if (error && isOutage(error)) throw toAppError("loadSession", error, {});
    return client;
  };
  // For calls with no browser behind them: any session lives in memory for this call only.
  const stateless = () =>
    createClient(opts.url, opts.anonKey, {
      auth: { storageKey, persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      global,
    });
  const verifier = stateless(); // getClaims(token) keeps no session; the JWKS cache is process-wide

  return {
    kind: "supabase",

    async signUp(jar, input) {
      const { data, error } = await (await forJar(jar, true)).auth.signUp({
        email: input.email,
        password: input.password,
        options: input.displayName ? { data: { display_name: input.displayName } } : undefined,
      });
      if (error) throw toAppError("signUp", error, SIGN_UP_ERRORS);
      const user = data.user;
      if (!user) throw new AppError("internal", "Something went wrong on our side.");
      return { user: { id: user.id, email: user.email ?? input.email }, signedIn: data.session !== null };
    },

    async signIn(jar, input) {
      const { data, error } = await (await forJar(jar, true)).auth.signInWithPassword(input);
      if (error) throw toAppError("signIn", error, SIGN_IN_ERRORS, BAD_LOGIN);
      return { id: data.user.id, email: data.user.email ?? input.email };
    },

    async signOut(jar) {
      const { error } = await forJar(jar).then(
        (client) => client.auth.signOut({ scope: "local" }),
        (e: unknown) => ({ error: e }),
      );
      if (!error) return;
      // supabase-js keeps the cookies when the server call fails; the user asked to leave, so drop them.
      logger.warn({ err: error }, "Supabase sign-out failed; clearing the session cookies anyway");
      clearSessionCookies(jar);
    },

    async getSession(jar) {
      const token = await storedAccessToken(jar, storageKey);
      return token ? verifiedSession(verifier, token) : null;
    },

    async refreshSession(jar) {
      // Opening the client already rotated the refresh token if the access token was within 90 s of
      // expiry (new cookies written through setAll); getClaims() then verifies the current token.
      return verifiedSession(await forJar(jar));
    },

    async refreshSessionDeferred(jar) {
      // Supabase Auth verifies the session itself: nothing is left for our database to check.
      const session = await verifiedSession(await forJar(jar));
      return session ? { session, revocationCheck: null } : null;
    },

    async sessionStatus(session) {
      const exp = Number(session.claims.exp);
      if (!session.accessToken || !(exp * 1000 > Date.now())) return "expired";
      // Supabase Auth answers /user only while the token's session exists: a sign-out ends it at once.
      const { data, error } = await verifier.auth.getUser(session.accessToken);
      if (error && isOutage(error)) return "expired"; // unconfirmed: the stream reconnects and is checked again
      return !error && data.user?.id === session.user.id ? "active" : "ended";
    },

    async changePassword(jar, session, input) {
      const client = await forJar(jar);
      // Signing in again both proves the current password and gives a fresh session to keep.
      const check = await client.auth.signInWithPassword({
        email: session.user.email,
        password: input.currentPassword,
      });
      if (check.error) throw toAppError("changePassword", check.error, {}, WRONG_CURRENT);
      const updated = await client.auth.updateUser({ password: input.newPassword });
      if (updated.error) throw toAppError("changePassword", updated.error, PASSWORD_RULES);
      const others = await client.auth.signOut({ scope: "others" });
      if (others.error) throw toAppError("changePassword", others.error, {});
    },

    async requestPasswordReset(email) {
      const { error } = await stateless().auth.resetPasswordForEmail(email, { redirectTo: resetUrl });
      if (!error) return;
      if (isOutage(error)) throw toAppError("requestPasswordReset", error, {});
      // Unknown address, per-address rate limit: answering differently would reveal the account.
      logger.info({ code: error.code, status: error.status }, "Password reset email not sent");
    },

    async resetPassword(input) {
      const client = stateless();
      const verified = await client.auth.verifyOtp({ token_hash: input.token, type: "recovery" });
      if (verified.error && isOutage(verified.error)) throw toAppError("resetPassword", verified.error, {});
      if (verified.error || !verified.data.session) {
        throw new AppError("not_found", "This reset link is invalid or expired.", { cause: verified.error });
      }
      const updated = await client.auth.updateUser({ password: input.password });
      if (updated.error) throw toAppError("resetPassword", updated.error, PASSWORD_RULES);
      // A reset often follows a compromise: end every session, the recovery one included.
      const { error } = await client.auth.signOut({ scope: "global" });
      if (error) logger.error({ err: error }, "Password was reset, but its sessions were not signed out");
    },
  };
}
