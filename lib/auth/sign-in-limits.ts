import { createHmac, timingSafeEqual } from "node:crypto";
import type { RateLimitRule } from "../rate-limit";
import type { CookieJar, CookieOptions } from "./types";

/**
 * Sign-in limits that an attacker cannot turn into a lockout of someone else.
 *
 * A plain per-email limit lets anyone lock a victim out by sending wrong
 * passwords for the victim's address. Instead, three buckets:
 *  - per client address (max × 5): one address spraying many accounts;
 *  - per email *and* address (max): one address guessing one account. An
 *    attacker fills only their own bucket, never the victim's;
 *  - per email from unknown devices (max × 5): many addresses guessing one
 *    account. A browser that has signed in to this account before carries a
 *    signed "known device" cookie and skips this bucket, so the owner keeps
 *    signing in from devices they already use while it is under attack; only a
 *    first sign-in from a new device can be slowed down, and only for a window.
 * Exponential slow-down was the alternative; it still needs a per-email state
 * that an attacker drives, and so delays the victim too.
 */
export const DEVICE_COOKIE = "switchboard-device";
const DEVICE_TTL_SECONDS = 365 * 86_400;
/** A shared computer may know a few accounts; beyond that the oldest is forgotten. */
const DEVICES_PER_COOKIE = 5;

function deviceToken(secret: Uint8Array, email: string): string {
  return createHmac("sha256", secret).update(`known-device\0${email}`).digest("base64url");
}

function cookieTokens(jar: CookieJar): string[] {
  return (jar.get(DEVICE_COOKIE) ?? "").split(".").filter(Boolean).slice(0, DEVICES_PER_COOKIE);
}

export function isKnownDevice(jar: CookieJar, secret: Uint8Array, email: string): boolean {
  const expected = Buffer.from(deviceToken(secret, email));
  return cookieTokens(jar).some((t) => {
    const got = Buffer.from(t);
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

/** After a successful sign-in: this browser is now a known device for the account. */
export function rememberDevice(jar: CookieJar, secret: Uint8Array, email: string, base: CookieOptions): void {
  const token = deviceToken(secret, email);
  const tokens = [token, ...cookieTokens(jar).filter((t) => t !== token)].slice(0, DEVICES_PER_COOKIE);
  jar.set(DEVICE_COOKIE, tokens.join("."), { ...base, maxAge: DEVICE_TTL_SECONDS });
}

export function signInRules(opts: {
  email: string;
  ip: string | undefined;
  knownDevice: boolean;
  max: number;
  windowSeconds: number;
}): RateLimitRule[] {
  const { email, max, windowSeconds } = opts;
  const ip = opts.ip ?? "unknown";
  const rules: RateLimitRule[] = [
    { key: `sign-in:ip:${ip}`, max: max * 5, windowSeconds },
    { key: `sign-in:email-ip:${email}|${ip}`, max, windowSeconds },
  ];
  if (!opts.knownDevice) rules.push({ key: `sign-in:email:${email}`, max: max * 5, windowSeconds });
  return rules;
}
