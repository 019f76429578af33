// Security headers for every response: set by Next (next.config.mjs) and by the
// app server's direct routes (server/main.ts), so both paths send the same.
// The CSP allows inline scripts because Next's hydration bootstrap is inline;
// everything else is same-origin only.

/** @param {Record<string, string | undefined>} env */
export function securityHeaders(env) {
  const isDev = env.NODE_ENV !== "production";
  const connectSrc = ["'self'"];
  if (env.NEXT_PUBLIC_SUPABASE_URL) connectSrc.push(new URL(env.NEXT_PUBLIC_SUPABASE_URL).origin);
  if (env.NEXT_PUBLIC_SENTRY_DSN) connectSrc.push(new URL(env.NEXT_PUBLIC_SENTRY_DSN).origin);
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connectSrc.join(" ")}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
  return [
    { key: "Content-Security-Policy", value: csp },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
    ...(isDev ? [] : [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }]),
  ];
}
