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

  it("validates the production settings: proxies, sign-up policy, instance keys", () => {
    const id = "4f1c3c4e-2b1a-4c2d-9a7e-0b9e2f7c1d11";
    const ok = parseEnv({
      TRUSTED_PROXIES: "loopback, 10.0.0.0/8, 2001:db8::/32",
      SIGNUP_POLICY: "domains",
      SIGNUP_ALLOWED_DOMAINS: "@Example.com, b.org",
      INSTANCE_KEYS_WORKSPACES: ` ${id.toUpperCase()} `,
    });
    expect(ok.SIGNUP_ALLOWED_DOMAINS).toEqual(["example.com", "b.org"]);
    expect(ok.INSTANCE_KEYS_WORKSPACES).toEqual([id]);
    expect(parseEnv({}).INSTANCE_KEYS_WORKSPACES).toBe("all");
    expect(parseEnv({ INSTANCE_KEYS_WORKSPACES: "none" }).INSTANCE_KEYS_WORKSPACES).toBe("none");
    let err: unknown;
    try {
      parseEnv({
        TRUSTED_PROXIES: "10.0.0.0/33, proxy.internal",
        SIGNUP_POLICY: "domains",
        INSTANCE_KEYS_WORKSPACES: "acme",
        SEED_DEMO: "yes",
        EVENT_STREAMS_PER_USER: "0",
      });
    } catch (e) {
      err = e;
    }
    const problems = (err as EnvError).problems.join("\n");
    expect(problems).toContain('"10.0.0.0/33" has an invalid prefix length');
    expect(problems).toContain('"proxy.internal" is not an address');
    expect(problems).toContain("SIGNUP_ALLOWED_DOMAINS: required when SIGNUP_POLICY=domains");
    expect(problems).toContain("INSTANCE_KEYS_WORKSPACES");
    expect(problems).toContain("SEED_DEMO");
    expect(problems).toContain("EVENT_STREAMS_PER_USER");
  });
});
