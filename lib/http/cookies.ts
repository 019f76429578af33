import type { CookieJar, CookieOptions } from "../auth/types";

export function parseCookieHeader(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (!name || out.has(name)) continue;
    try {
      out.set(name, decodeURIComponent(part.slice(i + 1).trim()));
    } catch {
      out.set(name, part.slice(i + 1).trim());
    }
  }
  return out;
}

export function serializeCookie(name: string, value: string, o: CookieOptions = {}): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${o.path ?? "/"}`];
  if (o.maxAge !== undefined) parts.push(`Max-Age=${Math.floor(o.maxAge)}`);
  if (o.expires) parts.push(`Expires=${o.expires.toUTCString()}`);
  if (o.domain) parts.push(`Domain=${o.domain}`);
  if (o.httpOnly) parts.push("HttpOnly");
  if (o.secure) parts.push("Secure");
  if (o.sameSite) parts.push(`SameSite=${o.sameSite[0]?.toUpperCase()}${o.sameSite.slice(1)}`);
  return parts.join("; ");
}

/** A jar over a web Request whose writes become Set-Cookie headers on the response. */
export class RequestCookieJar implements CookieJar {
  private readonly values: Map<string, string>;
  private readonly pending = new Map<string, string>();

  constructor(header: string | null) {
    this.values = parseCookieHeader(header);
  }

  get(name: string) {
    return this.values.get(name);
  }

  getAll() {
    return [...this.values].map(([name, value]) => ({ name, value }));
  }

  set(name: string, value: string, options?: CookieOptions) {
    // supabase-js deletes by writing an empty value with Max-Age 0.
    if (options?.maxAge !== undefined && options.maxAge <= 0) this.values.delete(name);
    else this.values.set(name, value);
    this.pending.set(name, serializeCookie(name, value, options));
  }

  delete(name: string) {
    this.values.delete(name);
    this.pending.set(name, serializeCookie(name, "", { path: "/", maxAge: 0 }));
  }

  get hasChanges() {
    return this.pending.size > 0;
  }

  applyTo(res: Response): Response {
    for (const c of this.pending.values()) res.headers.append("Set-Cookie", c);
    return res;
  }
}
