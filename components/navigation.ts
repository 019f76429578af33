/**
 * Returns `value` only if it is a same-site relative path ("/x", not "//host" or "/\host"),
 * so `?next=` can never send a user to another origin.
 */
export function safeNextPath(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return null;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  // Control characters could smuggle a different URL past the checks above in some browsers.
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) < 0x20) return null;
  return value;
}

/** `searchParams` values may be arrays; only a single value is meaningful for our params. */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function withNext(path: string, next: string | null): string {
  return next ? `${path}?next=${encodeURIComponent(next)}` : path;
}
