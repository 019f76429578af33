import type Stripe from "stripe";

/**
 * What a Stripe subscription means for a workspace's billing row, decided
 * without I/O so every rule here is a unit test. The webhook handlers re-read
 * the subscription from Stripe before calling this, so the state applied is
 * Stripe's latest whatever order the events arrived in.
 */

export type BillingStatus = "active" | "trialing" | "past_due" | "canceled" | "none";

/** The columns of public.workspace_billing this module reads and writes. */
export interface BillingRow {
  plan: string;
  status: BillingStatus;
  stripe_subscription_id: string | null;
  subscription_created: Date | null;
  current_period_end: Date | null;
  cancel_at_period_end: boolean;
  grace_until: Date | null;
}

export type NoticeKind =
  | "plan_activated"
  | "plan_changed"
  | "cancel_scheduled"
  | "cancel_reverted"
  | "plan_canceled"
  | "payment_failed"
  | "payment_recovered";

export interface Notice {
  kind: NoticeKind;
  message: string;
  details: Record<string, unknown>;
}

const PAYING: ReadonlySet<BillingStatus> = new Set(["active", "trialing", "past_due"]);

export function billingStatusOf(status: Stripe.Subscription.Status): BillingStatus {
  switch (status) {
    case "active":
      return "active";
    case "trialing":
      return "trialing";
    case "past_due":
    case "unpaid":
      return "past_due";
    case "canceled":
    case "incomplete_expired":
      return "canceled";
    default:
      // incomplete (the first payment is pending) and paused bill nothing yet.
      return "none";
  }
}

const seconds = (s: number | null | undefined) => (s ? new Date(s * 1000) : null);

function periodEnd(sub: Stripe.Subscription): Date | null {
  const ends = sub.items.data.map((i) => i.current_period_end).filter((n) => typeof n === "number");
  return ends.length ? seconds(Math.max(...ends)) : null;
}

/** The subscription's plan price: its first item that is not metered. */
export function planPriceId(sub: Stripe.Subscription): string | null {
  const item = sub.items.data.find((i) => i.price.recurring?.usage_type !== "metered");
  return item?.price.id ?? null;
}

/**
 * The row after applying `sub`, or null when `sub` must not be applied: it is
 * an older subscription than the one the workspace has now (e.g. the deletion
 * of a subscription replaced by a newer one, delivered late), or a newer one
 * that never started while the current one still pays.
 */
export function nextBillingRow(
  prior: BillingRow,
  sub: Stripe.Subscription,
  ctx: { planForPrice: (priceId: string | null) => string | null; now: Date; graceDays: number },
): BillingRow | null {
  const status = billingStatusOf(sub.status);
  const created = new Date(sub.created * 1000);
  if (prior.stripe_subscription_id && prior.stripe_subscription_id !== sub.id) {
    if (prior.subscription_created && prior.subscription_created > created) return null;
    if (!PAYING.has(status) && PAYING.has(prior.status)) return null;
  }
  const paying = PAYING.has(status);
  const sameSub = prior.stripe_subscription_id === sub.id;
  const plan = paying
    ? (ctx.planForPrice(planPriceId(sub)) ?? (sameSub && prior.plan !== "free" ? prior.plan : "free"))
    : "free";
  const graceUntil =
    status === "past_due"
      ? sameSub && prior.grace_until
        ? prior.grace_until
        : new Date(ctx.now.getTime() + ctx.graceDays * 86_400_000)
      : null;
  return {
    plan,
    status,
    stripe_subscription_id: sub.id,
    subscription_created: created,
    current_period_end: periodEnd(sub),
    cancel_at_period_end: paying && (sub.cancel_at_period_end || sub.cancel_at !== null),
    grace_until: graceUntil,
  };
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "the end of the period");
const title = (plan: string) => plan.charAt(0).toUpperCase() + plan.slice(1);

/** What changed, in words for the workspace's owners and admins. */
export function noticesFor(prior: BillingRow, next: BillingRow): Notice[] {
  const out: Notice[] = [];
  const wasPaying = PAYING.has(prior.status) && prior.plan !== "free";
  const paying = PAYING.has(next.status) && next.plan !== "free";
  if (!wasPaying && paying) {
    out.push({
      kind: "plan_activated",
      message: `The workspace is now on the ${title(next.plan)} plan.`,
      details: { plan: next.plan },
    });
  } else if (wasPaying && paying && prior.plan !== next.plan) {
    out.push({
      kind: "plan_changed",
      message: `The plan changed from ${title(prior.plan)} to ${title(next.plan)}.`,
      details: { from: prior.plan, to: next.plan },
    });
  }
  if (wasPaying && !paying) {
    out.push({
      kind: "plan_canceled",
      message: `The ${title(prior.plan)} subscription has ended; the workspace is on the Free plan and its limits.`,
      details: { from: prior.plan },
    });
  }
  if (paying && next.cancel_at_period_end && !(wasPaying && prior.cancel_at_period_end)) {
    out.push({
      kind: "cancel_scheduled",
      message: `The ${title(next.plan)} plan is canceled and ends on ${day(next.current_period_end)}; the workspace then moves to the Free plan.`,
      details: { plan: next.plan, endsAt: next.current_period_end?.toISOString() ?? null },
    });
  } else if (paying && wasPaying && prior.cancel_at_period_end && !next.cancel_at_period_end) {
    out.push({
      kind: "cancel_reverted",
      message: `The ${title(next.plan)} plan continues: the cancellation was withdrawn.`,
      details: { plan: next.plan },
    });
  }
  if (next.status === "past_due" && prior.status !== "past_due") {
    out.push({
      kind: "payment_failed",
      message: `A payment failed. The ${title(next.plan)} plan stays active until ${day(next.grace_until)}; after that the Free plan's limits apply. Update the payment method in Manage billing.`,
      details: { graceUntil: next.grace_until?.toISOString() ?? null },
    });
  } else if (prior.status === "past_due" && (next.status === "active" || next.status === "trialing")) {
    out.push({
      kind: "payment_recovered",
      message: `The payment went through; the ${title(next.plan)} plan is active again.`,
      details: { plan: next.plan },
    });
  }
  return out;
}
