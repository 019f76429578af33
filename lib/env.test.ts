import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("applies defaults and treats blank values as unset", () => {
    const env = parseEnv({ SMTP_URL: "  ", NODE_ENV: "test" });
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.DATABASE_POOL_MAX).toBe(10);
  });

  it("reports every problem at once", () => {
    let err: unknown;
    try {
      parseEnv({
        DATABASE_URL: "not a url",
        AUTH_SECRET: "short",
        LOG_LEVEL: "loud",
        NEXT_PUBLIC_SUPABASE_URL: "https://x.supabase.co",
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnvError);
    const problems = (err as EnvError).problems.join("\n");
    expect(problems).toContain("DATABASE_URL");
    expect(problems).toContain("AUTH_SECRET");
    expect(problems).toContain("LOG_LEVEL");
    expect(problems).toContain("NEXT_PUBLIC_SUPABASE_ANON_KEY");
    expect((err as EnvError).problems.length).toBeGreaterThanOrEqual(4);
  });

  it("requires AUTH_SECRET in production when Supabase is not configured", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET: required in production/);
    expect(() => parseEnv({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(32) })).toThrow(/SECRETS_KEYS/);
    const ok = parseEnv({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), SECRETS_KEYS: "k1:abc" });
    expect(ok.AUTH_SECRET).toHaveLength(32);
  });
});
