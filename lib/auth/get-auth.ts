import { env, supabaseConfigured } from "../env";
import { mailer } from "../mail";
import { createLocalAuth } from "./local-adapter";
import { createSupabaseAuth } from "./supabase-adapter";
import type { AuthAdapter } from "./types";

const store = globalThis as unknown as { __switchboardAuth?: AuthAdapter };

/** Supabase Auth when it is configured, the local adapter otherwise. */
export function getAuth(): AuthAdapter {
  if (store.__switchboardAuth) return store.__switchboardAuth;
  const e = env();
  const { NEXT_PUBLIC_SUPABASE_URL: url, NEXT_PUBLIC_SUPABASE_ANON_KEY: anonKey } = e;
  let adapter: AuthAdapter;
  if (supabaseConfigured(e) && url && anonKey) {
    adapter = createSupabaseAuth({ url, anonKey, appUrl: e.APP_URL });
  } else {
    if (!e.AUTH_SECRET) {
      throw new Error("AUTH_SECRET is not set (npm run dev generates one into the data dir).");
    }
    adapter = createLocalAuth({
      secret: e.AUTH_SECRET,
      appUrl: e.APP_URL,
      accessTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
      signInLimit: { max: e.SIGN_IN_RATE_LIMIT, windowSeconds: e.SIGN_IN_RATE_WINDOW_SECONDS },
      secureCookies: e.APP_URL.startsWith("https://"),
      sendMail: mailer(),
      logResetLinks: e.NODE_ENV !== "production",
    });
  }
  store.__switchboardAuth = adapter;
  return adapter;
}
