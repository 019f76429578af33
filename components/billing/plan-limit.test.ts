import { describe, expect, it } from "vitest";
import type { BillingJson } from "@/lib/billing/contract";
import { bannerState, planLimitOf, usageText } from "./plan-limit";

const base: BillingJson = {
  enabled: true,
  plan: "free",
  subscribedPlan: "free",
  status: "none",
  currentPeriodEnd: null,
  cancelAtPeriodEnd: false,
  graceUntil: null,
  upgradeUrl: "http://localhost:3000/w/acme/billing",
  usage: [
    { kind: "message", limit: 500, used: 10, warn: false, blocked: false },
    { kind: "agent", limit: 3, used: 1, warn: false, blocked: false },
    { kind: "member", limit: 5, used: 2, warn: false, blocked: false },
    { kind: "flow_run", limit: 200, used: 0, warn: false, blocked: false },
  ],
};
const withUsage = (kind: string, patch: Partial<BillingJson["usage"][number]>): BillingJson => ({
  ...base,
  usage: base.usage.map((u) => (u.kind === kind ? { ...u, ...patch } : u)),
});

describe("bannerState", () => {
  it("says nothing when billing is off, not loaded, or everything is under 80%", () => {
    expect(bannerState(undefined)).toBeNull();
    expect(bannerState({ ...withUsage("message", { used: 500, blocked: true }), enabled: false })).toBeNull();
    expect(bannerState(base)).toBeNull();
  });

  it("warns from 80% and blocks at the limit, naming what and how much", () => {
    expect(bannerState(withUsage("message", { used: 412, warn: true }))).toEqual({
      level: "warn",
      text: "This workspace has used 412 of 500 messages this month on the Free plan.",
    });
    const both = withUsage("agent", { used: 3, warn: true, blocked: true });
    both.usage[0] = { kind: "message", limit: 500, used: 450, warn: true, blocked: false };
    expect(bannerState(both)).toEqual({
      level: "blocked",
      text: "This workspace has reached its Free plan's limit: 3 of 3 agents. More is refused until the plan is upgraded.",
    });
  });

  it("a failed payment within grace warns with the date; past it, the Free limits apply", () => {
    const now = new Date("2026-12-04T12:00:00Z");
    const inGrace = {
      ...base,
      plan: "pro" as const,
      subscribedPlan: "pro" as const,
      status: "past_due" as const,
    };
    expect(bannerState({ ...inGrace, graceUntil: "2026-12-10T00:00:00Z" }, now)?.text).toMatch(
      /^The last payment failed\. The Pro plan stays until .+, then the Free plan's limits apply\.$/,
    );
    expect(bannerState({ ...inGrace, plan: "free", graceUntil: "2026-12-01T00:00:00Z" }, now)?.text).toBe(
      "The last payment failed: the Free plan's limits apply until it is paid.",
    );
  });
});

describe("usageText", () => {
  it("monthly kinds say so; unlimited shows the count only", () => {
    expect(usageText({ kind: "flow_run", used: 1, limit: 1 })).toBe("1 of 1 flow run this month");
    expect(usageText({ kind: "member", used: 7, limit: null })).toBe("7 seats");
  });
});

describe("planLimitOf", () => {
  it("reads a 402 plan_limit body the chat transport hands over as the error message", () => {
    const body = {
      error: {
        code: "plan_limit",
        message: "Limit reached.",
        details: { upgradeUrl: "http://x/w/a/billing" },
      },
    };
    expect(planLimitOf(new Error(JSON.stringify(body)))).toEqual({
      message: "Limit reached.",
      upgradeUrl: "http://x/w/a/billing",
    });
  });

  it("anything else is not a plan limit", () => {
    expect(planLimitOf(undefined)).toBeNull();
    expect(planLimitOf(new Error("Failed to fetch"))).toBeNull();
    expect(
      planLimitOf(new Error(JSON.stringify({ error: { code: "rate_limited", message: "x" } }))),
    ).toBeNull();
    expect(planLimitOf(new Error("null"))).toBeNull();
  });
});
