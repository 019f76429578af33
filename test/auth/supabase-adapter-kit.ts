// Shared by the Supabase adapter's integration tests: one GoTrue fake per
// file, an adapter pointed at it, and helpers. Call setupSupabaseFake() at the
// top of a test file; `fake`, `auth` and `defaults` are live bindings.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { MemoryCookieJar, readAuthCookie, type StoredSession } from "@/test/fakes/browser-cookie-jar-fake";
import {
  type FakeAuthSettings,
  type FakeSupabaseAuth,
  startFakeSupabaseAuth,
} from "@/test/fakes/supabase-auth-fake";
import { createSupabaseAuth } from "../../lib/auth/supabase-adapter";
import type { AuthAdapter, AuthSession } from "../../lib/auth/types";
import { closeDb } from "../../lib/db/client";
import { AppError } from "../../lib/errors";

export const APP_URL = "http://localhost:3000";
// supabase-js names the cookie after the first label of the project host: 127.0.0.1 -> "127".
export const COOKIE = "sb-127-auth-token";
export const PASSWORD = "correct horse battery";

export let fake: FakeSupabaseAuth;
export let auth: AuthAdapter;
export let defaults: FakeAuthSettings;

export function setupSupabaseFake() {
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
}

export const newEmail = () => `user-${randomUUID()}@example.com`;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const mark = () => fake.requests.length;
export const since = (n: number) => fake.requests.slice(n).map((r) => `${r.method} ${r.path}`);

export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

export async function newUser(password = PASSWORD) {
  const jar = new MemoryCookieJar();
  const email = newEmail();
  const { user } = await auth.signUp(jar, { email, password, displayName: "Ada Lovelace" }, {});
  return { jar, email, id: user.id };
}

/** Signs in with access tokens that live one second, then waits for them to expire. */
export async function expiredSignIn(email: string, password = PASSWORD): Promise<MemoryCookieJar> {
  const jar = new MemoryCookieJar();
  fake.settings.accessTokenTtlSeconds = 1;
  await auth.signIn(jar, { email, password }, {});
  fake.settings.accessTokenTtlSeconds = defaults.accessTokenTtlSeconds;
  await sleep(1100);
  return jar;
}

export async function stored(jar: MemoryCookieJar): Promise<StoredSession> {
  const session = await readAuthCookie(jar, COOKIE);
  if (!session) throw new Error("no session cookie in the jar");
  return session;
}

export async function mustSession(promise: Promise<AuthSession | null>): Promise<AuthSession> {
  const session = await promise;
  if (!session) throw new Error("expected a session");
  return session;
}
