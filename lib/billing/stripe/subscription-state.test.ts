import type Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { type BillingRow, billingStatusOf, nextBillingRow, noticesFor } from "./subscription-state";

const NOW = new Date("2026-12-04T12:00:00Z");
const DAY = 86_400_000;
const planForPrice = (p: string | null) =>
  p === "price_pro" ? "pro" : p === "price_biz" ? "business" : null;
const ctx = { planForPrice, now: NOW, graceDays: 7 };

const FREE: BillingRow = {
  plan: "free",
  status: "none",
  stripe_subscription_id: null,
  subscription_created: null,
  current_period_end: null,
  cancel_at_period_end: false,
  grace_until: null,
};

function sub(
  over: Partial<Stripe.Subscription> & { price?: string; end?: number } = {},
): Stripe.Subscription {
  const { price = "price_pro", end = 1_767_225_600, ...rest } = over;
  return {
    id: "sub_1",
    object: "subscription",
    created: 1_764_547_200,
    status: "active",
    cancel_at_period_end: false,
    cancel_at: null,
    items: {
      object: "list",
      data: [
        { price: { id: "price_overage", recurring: { usage_type: "metered" } }, current_period_end: end },
        { price: { id: price, recurring: { usage_type: "licensed" } }, current_period_end: end },
      ],
    },
    ...rest,
  } as unknown as Stripe.Subscription;
}

describe("nextBillingRow", () => {
  it("maps Stripe's statuses onto ours", () => {
    expect(
      (
        [
          "active",
          "trialing",
          "past_due",
          "unpaid",
          "canceled",
          "incomplete",
          "incomplete_expired",
          "paused",
        ] as const
      ).map(billingStatusOf),
    ).toEqual(["active", "trialing", "past_due", "past_due", "canceled", "none", "canceled", "none"]);
  });

  it("an active subscription: its plan from the licensed (not metered) price, the period end", () => {
    expect(nextBillingRow(FREE, sub(), ctx)).toEqual({
      plan: "pro",
      status: "active",
      stripe_subscription_id: "sub_1",
      subscription_created: new Date(1_764_547_200_000),
      current_period_end: new Date(1_767_225_600_000),
      cancel_at_period_end: false,
      grace_until: null,
    });
  });

  it("past_due starts the grace period once and keeps it across later updates", () => {
    const first = nextBillingRow(FREE, sub({ status: "past_due" }), ctx);
    expect(first?.grace_until).toEqual(new Date(NOW.getTime() + 7 * DAY));
    const later = nextBillingRow(first as BillingRow, sub({ status: "past_due" }), {
      ...ctx,
      now: new Date(NOW.getTime() + 3 * DAY),
    });
    expect(later?.grace_until).toEqual(first?.grace_until);
    expect(nextBillingRow(first as BillingRow, sub(), ctx)?.grace_until).toBeNull();
  });

  it("canceled means Free; a scheduled cancellation keeps the plan", () => {
    expect(nextBillingRow(FREE, sub({ status: "canceled" }), ctx)).toMatchObject({
      plan: "free",
      status: "canceled",
    });
    expect(nextBillingRow(FREE, sub({ cancel_at_period_end: true }), ctx)).toMatchObject({
      plan: "pro",
      cancel_at_period_end: true,
    });
  });

  it("ignores an older subscription than the current one, and a newer one that never started", () => {
    const current = nextBillingRow(
      FREE,
      sub({ id: "sub_new", created: 1_764_600_000, price: "price_biz" }),
      ctx,
    );
    expect(nextBillingRow(current as BillingRow, sub({ id: "sub_old", status: "canceled" }), ctx)).toBeNull();
    expect(
      nextBillingRow(
        current as BillingRow,
        sub({ id: "sub_newer", created: 1_764_700_000, status: "incomplete" }),
        ctx,
      ),
    ).toBeNull();
  });

  it("an unknown price keeps the plan it had on the same subscription, else Free", () => {
    const pro = nextBillingRow(FREE, sub(), ctx) as BillingRow;
    expect(nextBillingRow(pro, sub({ price: "price_unknown" }), ctx)?.plan).toBe("pro");
    expect(nextBillingRow(FREE, sub({ price: "price_unknown" }), ctx)?.plan).toBe("free");
  });
});

describe("noticesFor", () => {
  const pro = nextBillingRow(FREE, sub(), ctx) as BillingRow;
  it("says what changed, once per change", () => {
    expect(noticesFor(FREE, pro).map((n) => n.kind)).toEqual(["plan_activated"]);
    expect(noticesFor(pro, pro)).toEqual([]);
    const canceling = { ...pro, cancel_at_period_end: true };
    expect(noticesFor(pro, canceling).map((n) => n.kind)).toEqual(["cancel_scheduled"]);
    expect(noticesFor(canceling, pro).map((n) => n.kind)).toEqual(["cancel_reverted"]);
    const ended = { ...FREE, status: "canceled" as const, stripe_subscription_id: "sub_1" };
    expect(noticesFor(canceling, ended).map((n) => n.kind)).toEqual(["plan_canceled"]);
    const pastDue = { ...pro, status: "past_due" as const, grace_until: new Date(NOW.getTime() + 7 * DAY) };
    const failed = noticesFor(pro, pastDue);
    expect(failed.map((n) => n.kind)).toEqual(["payment_failed"]);
    expect(failed[0]?.message).toContain("2026-12-11");
    expect(noticesFor(pastDue, pro).map((n) => n.kind)).toEqual(["payment_recovered"]);
    expect(noticesFor(pro, { ...pro, plan: "business" }).map((n) => n.kind)).toEqual(["plan_changed"]);
  });
});
