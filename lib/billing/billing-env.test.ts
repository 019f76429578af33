import { describe, expect, it } from "vitest";
import { billingEnabled, EnvError, parseEnv } from "../env";
import { PLANS, planOfPrice, priceIdOf } from "./plans";

describe("billing settings", () => {
  it("without STRIPE_SECRET_KEY billing is off; a blank key counts as unset", () => {
    expect(billingEnabled(parseEnv({}))).toBe(false);
    expect(billingEnabled(parseEnv({ STRIPE_SECRET_KEY: "  " }))).toBe(false);
    expect(billingEnabled(parseEnv({ STRIPE_SECRET_KEY: "sk_test_123" }))).toBe(true);
  });

  it("points the SDK at a fake by host, port and protocol; blanks are unset; grace defaults to 7 days", () => {
    const e = parseEnv({
      STRIPE_API_HOST: "127.0.0.1",
      STRIPE_API_PORT: "12111",
      STRIPE_API_PROTOCOL: "http",
    });
    expect([e.STRIPE_API_HOST, e.STRIPE_API_PORT, e.STRIPE_API_PROTOCOL, e.BILLING_GRACE_DAYS]).toEqual([
      "127.0.0.1",
      12111,
      "http",
      7,
    ]);
    const blank = parseEnv({ STRIPE_API_PORT: "", STRIPE_API_PROTOCOL: "" });
    expect([blank.STRIPE_API_PORT, blank.STRIPE_API_PROTOCOL]).toEqual([undefined, undefined]);
  });

  it("refuses a bad port, protocol or grace period, naming each", () => {
    let err: unknown;
    try {
      parseEnv({ STRIPE_API_PORT: "70000", STRIPE_API_PROTOCOL: "ftp", BILLING_GRACE_DAYS: "-1" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnvError);
    const problems = (err as EnvError).problems.join("\n");
    for (const k of ["STRIPE_API_PORT", "STRIPE_API_PROTOCOL", "BILLING_GRACE_DAYS"])
      expect(problems).toContain(k);
  });

  it("maps each paid plan to its price id from the environment, and back", () => {
    const e = parseEnv({ STRIPE_PRICE_PRO: "price_pro", STRIPE_PRICE_BUSINESS: "price_biz" });
    expect([priceIdOf("free", e), priceIdOf("pro", e), priceIdOf("business", e)]).toEqual([
      undefined,
      "price_pro",
      "price_biz",
    ]);
    expect([planOfPrice("price_biz", e), planOfPrice("price_other", e)]).toEqual(["business", undefined]);
    // Higher plans never have lower limits.
    for (const k of ["messagesPerMonth", "agents", "members", "flowRunsPerMonth"] as const) {
      const at = (plan: keyof typeof PLANS) => PLANS[plan].limits[k] ?? Number.POSITIVE_INFINITY;
      expect(at("free") <= at("pro") && at("pro") <= at("business")).toBe(true);
    }
  });
});
