import { combineChunks, createChunks, stringFromBase64URL, stringToBase64URL } from "@supabase/ssr";
import type { CookieJar, CookieOptions } from "@/lib/auth/types";

/** A browser's cookie store for one site, reduced to what the adapters touch. */
export class MemoryCookieJar implements CookieJar {
  private readonly store = new Map<string, { value: string; options?: CookieOptions }>();

  get(name: string): string | undefined {
    return this.store.get(name)?.value;
  }

  getAll(): { name: string; value: string }[] {
    return [...this.store].map(([name, { value }]) => ({ name, value }));
  }

  set(name: string, value: string, options?: CookieOptions): void {
    // As a browser does: Max-Age <= 0 or a past Expires removes the cookie.
    const expired =
      (options?.maxAge !== undefined && options.maxAge <= 0) ||
      (options?.expires !== undefined && options.expires.getTime() <= Date.now());
    if (expired) this.store.delete(name);
    else this.store.set(name, { value, options });
  }

  delete(name: string): void {
    this.store.delete(name);
  }

  options(name: string): CookieOptions | undefined {
    return this.store.get(name)?.options;
  }

  names(): string[] {
    return [...this.store.keys()];
  }

  /** A second browser holding the same cookies, e.g. a stolen copy or another tab's request. */
  clone(): MemoryCookieJar {
    const copy = new MemoryCookieJar();
    for (const [name, entry] of this.store) copy.store.set(name, { ...entry });
    return copy;
  }
}

export interface StoredSession {
  access_token: string;
  refresh_token: string;
  expires_at: number;
  [key: string]: unknown;
}

/** Decodes the session @supabase/ssr keeps in (possibly chunked) `base64-` cookies. */
export async function readAuthCookie(jar: CookieJar, key: string): Promise<StoredSession | null> {
  const raw = await combineChunks(key, (name) => jar.get(name));
  if (!raw) return null;
  const json = raw.startsWith("base64-") ? stringFromBase64URL(raw.slice("base64-".length)) : raw;
  return JSON.parse(json) as StoredSession;
}

export function writeAuthCookie(jar: MemoryCookieJar, key: string, session: StoredSession): void {
  for (const name of jar.names()) if (name.startsWith(key)) jar.delete(name);
  for (const chunk of createChunks(key, `base64-${stringToBase64URL(JSON.stringify(session))}`)) {
    jar.set(chunk.name, chunk.value, { path: "/", httpOnly: true, sameSite: "lax" });
  }
}
