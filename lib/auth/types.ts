import { z } from "zod";
import type { JwtClaims } from "../db/rls";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: "Enter a valid email address." }));

export const passwordSchema = z
  .string()
  .min(8, "Use at least 8 characters.")
  .max(256, "Use at most 256 characters.");

export const signUpInput = z.object({
  email: emailSchema,
  password: passwordSchema,
  displayName: z.string().trim().min(1).max(80).optional(),
  /** The token of the invitation being answered: lets its address in when sign-ups are closed. */
  inviteToken: z.string().min(16).max(200).optional(),
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const signInInput = z.object({ email: emailSchema, password: z.string().min(1).max(256) });
export type SignInInput = z.infer<typeof signInInput>;

export const changePasswordInput = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;

export const resetPasswordInput = z.object({ token: z.string().min(16).max(512), password: passwordSchema });
export type ResetPasswordInput = z.infer<typeof resetPasswordInput>;

export interface CookieOptions {
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: "lax" | "strict" | "none";
  path?: string;
  maxAge?: number;
  expires?: Date;
  domain?: string;
}

/** The framework's cookies, seen through the smallest interface both adapters need. */
export interface CookieJar {
  get(name: string): string | undefined;
  getAll(): { name: string; value: string }[];
  set(name: string, value: string, options?: CookieOptions): void;
  delete(name: string): void;
}

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

export interface AuthUser {
  id: string;
  email: string;
}

export interface AuthSession {
  user: AuthUser;
  /** Fed unchanged into the RLS transaction (`request.jwt.claims`). */
  claims: JwtClaims;
  /** Supabase Auth only: the access token, to ask Supabase Auth later whether its session still exists. */
  accessToken?: string;
}

/**
 * What a long-lived response (an event stream) learns when it re-checks the
 * session it was opened with: `ended` (signed out, password changed, user
 * gone): stop for good; `expired`: the token it holds ran out, or the check
 * could not be made: the browser reconnects, and is checked again.
 */
export type SessionStatus = "active" | "ended" | "expired";

export interface DeferredSession {
  session: AuthSession;
  revocationCheck: string | null;
}

export interface SignUpResult {
  user: AuthUser;
  /** False when the provider wants the email confirmed before a session exists. */
  signedIn: boolean;
}

/** One interface, two adapters: local (argon2id + own tokens) and Supabase Auth. */
export interface AuthAdapter {
  readonly kind: "local" | "supabase";
  signUp(jar: CookieJar, input: SignUpInput, meta: RequestMeta): Promise<SignUpResult>;
  signIn(jar: CookieJar, input: SignInInput, meta: RequestMeta): Promise<AuthUser>;
  signOut(jar: CookieJar): Promise<void>;
  /** Verifies the access token in the jar; never refreshes. */
  getSession(jar: CookieJar): Promise<AuthSession | null>;
  /** Verifies, or rotates the refresh token when the access token is missing/expired. */
  refreshSession(jar: CookieJar, meta: RequestMeta): Promise<AuthSession | null>;
  /**
   * refreshSession without the database's revocation check, for a caller that
   * makes that check part of its own first statement (withWorkspace, through
   * private.authorize_workspace_request). The token is verified, or the refresh
   * token rotated; `revocationCheck` is the session id still to be checked, or
   * null when nothing is left to check. A caller that does not check it must
   * not treat the session as signed in.
   */
  refreshSessionDeferred(jar: CookieJar, meta: RequestMeta): Promise<DeferredSession | null>;
  /** Whether the session an earlier request verified is still signed in (not revoked, still this user's). */
  sessionStatus(session: AuthSession): Promise<SessionStatus>;
  /** Changes the password and signs out every other session. */
  changePassword(jar: CookieJar, session: AuthSession, input: ChangePasswordInput): Promise<void>;
  /** Always resolves the same way, whether or not the email has an account. */
  requestPasswordReset(email: string, meta: RequestMeta): Promise<void>;
  resetPassword(input: ResetPasswordInput): Promise<void>;
}
