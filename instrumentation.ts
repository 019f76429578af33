import type { Instrumentation } from "next";

export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Fail at start-up, listing every bad variable, rather than on the first request.
    const { env, EnvError } = await import("./lib/env");
    try {
      env();
    } catch (e) {
      if (e instanceof EnvError) {
        console.error(e.message);
        process.exit(1);
      }
      throw e;
    }
  }
  // Sentry is loaded only with a DSN, so an unconfigured install makes no network calls.
  if (!process.env.SENTRY_DSN) return;
  const Sentry = await import("@sentry/nextjs");
  Sentry.init({
    dsn: process.env.SENTRY_DSN,
    environment: process.env.NODE_ENV,
    tracesSampleRate: 0.1,
    sendDefaultPii: false,
  });
}

export const onRequestError: Instrumentation.onRequestError = async (...args) => {
  if (!process.env.SENTRY_DSN) return;
  const Sentry = await import("@sentry/nextjs");
  Sentry.captureRequestError(...args);
};
