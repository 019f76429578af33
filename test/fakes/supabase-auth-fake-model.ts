// Wire-level pieces of the GoTrue fake: its records, error shape, password
// hashing and the user JSON GoTrue returns. See supabase-auth-fake.ts.
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import type http from "node:http";
import { promisify } from "node:util";

export const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number) => Promise<Buffer>;

export interface FakeAuthSettings {
  accessTokenTtlSeconds: number;
  /** GoTrue's MAILER_AUTOCONFIRM: sign-up returns a session instead of waiting for the email link. */
  autoconfirm: boolean;
  minPasswordLength: number;
  /** GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL: a just-rotated token still works this long. */
  refreshTokenReuseIntervalSeconds: number;
  /** GOTRUE_SMTP_MAX_FREQUENCY: one recovery email per address per this many seconds. */
  emailMaxFrequencySeconds: number;
  recoveryTokenTtlSeconds: number;
  /** Extra latency on refresh-token grants, to expose races with other calls. */
  refreshDelayMs: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  apikey: string | undefined;
  authorization: string | undefined;
  apiVersion: string | undefined;
  body: unknown;
}

export interface FakeSupabaseAuth {
  url: string;
  anonKey: string;
  /** Mutable: tests change behaviour mid-run (short-lived tokens, no autoconfirm, ...). */
  settings: FakeAuthSettings;
  requests: RecordedRequest[];
  /** The `{{ .TokenHash }}` of the last recovery email sent to this address. */
  lastRecoveryToken(email: string): string | undefined;
  /** The next `times` requests get this status from the "gateway", as during an outage. */
  failNext(status: number, times?: number): void;
  activeSessions(userId: string): number;
  stop(): Promise<void>;
}

export interface UserRow {
  id: string;
  email: string;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  raw_user_meta_data: Record<string, unknown>;
  raw_app_meta_data: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}
export interface Session {
  id: string;
  userId: string;
  method: string;
  createdAt: number;
}
export interface RefreshToken {
  sessionId: string;
  revoked: boolean;
  child?: string;
  revokedAt?: number;
}
export interface Recovery {
  userId: string;
  email: string;
  tokenHash: string;
  sentAt: number;
}

export class GoTrueError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const INVALID_LOGIN = "Invalid login credentials";
export const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `$scrypt$${salt.toString("base64")}$${(await scryptAsync(password, salt, 32)).toString("base64")}`;
}

export async function passwordMatches(password: string, stored: string | null): Promise<boolean> {
  const [, , salt, hash] = stored?.split("$") ?? [];
  if (!salt || !hash) return false;
  return timingSafeEqual(
    await scryptAsync(password, Buffer.from(salt, "base64"), 32),
    Buffer.from(hash, "base64"),
  );
}

export function userJson(u: UserRow) {
  const confirmed = u.email_confirmed_at?.toISOString();
  return {
    id: u.id,
    aud: "authenticated",
    role: "authenticated",
    email: u.email,
    email_confirmed_at: confirmed,
    phone: "",
    confirmed_at: confirmed,
    app_metadata: u.raw_app_meta_data,
    user_metadata: u.raw_user_meta_data,
    identities: [
      {
        identity_id: u.id,
        id: u.id,
        user_id: u.id,
        identity_data: {
          sub: u.id,
          email: u.email,
          email_verified: Boolean(confirmed),
          phone_verified: false,
        },
        provider: "email",
        email: u.email,
        created_at: u.created_at.toISOString(),
        updated_at: u.updated_at.toISOString(),
      },
    ],
    created_at: u.created_at.toISOString(),
    updated_at: u.updated_at.toISOString(),
    is_anonymous: false,
  };
}

export type Body = Record<string, unknown>;
export type Handler = (
  req: http.IncomingMessage,
  body: Body,
  query: URLSearchParams,
) => Promise<[number, unknown]>;
