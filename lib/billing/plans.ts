import type { Env } from "../env";

/**
 * The plans a hosted Switchboard sells, defined once. Limits are per
 * workspace; null = unlimited. Messages are agent replies (one per chat
 * turn, whatever the surface; failed replies do not count); flow runs are runs started by anything but a
 * parent run (sub-flows ride on their parent). Without STRIPE_SECRET_KEY
 * billing is off and none of this applies (lib/billing/entitlements.ts).
 */
export type PlanId = "free" | "pro" | "business";

export type LimitKind = "message" | "agent" | "member" | "flow_run";

export interface PlanLimits {
  messagesPerMonth: number | null;
  agents: number | null;
  /** Seats: members plus pending invitations. */
  members: number | null;
  flowRunsPerMonth: number | null;
}

export interface Plan {
  id: PlanId;
  name: string;
  /** The env variable holding the plan's Stripe price id; null for Free (no subscription). */
  priceEnv: "STRIPE_PRICE_PRO" | "STRIPE_PRICE_BUSINESS" | null;
  limits: PlanLimits;
  /**
   * Kinds whose limit is an allowance, not a wall: past it the workspace goes
   * on and the overage is billed through Stripe's meter (lib/billing/stripe/
   * meter-report.ts), when an overage price is configured. Free has none.
   */
  overage: readonly LimitKind[];
}

export const PLANS: Readonly<Record<PlanId, Plan>> = Object.freeze({
  free: {
    id: "free",
    name: "Free",
    priceEnv: null,
    limits: { messagesPerMonth: 500, agents: 3, members: 5, flowRunsPerMonth: 200 },
    overage: [],
  },
  pro: {
    id: "pro",
    name: "Pro",
    priceEnv: "STRIPE_PRICE_PRO",
    limits: { messagesPerMonth: 10_000, agents: 25, members: 10, flowRunsPerMonth: 5_000 },
    overage: ["message"],
  },
  business: {
    id: "business",
    name: "Business",
    priceEnv: "STRIPE_PRICE_BUSINESS",
    limits: { messagesPerMonth: 100_000, agents: null, members: 50, flowRunsPerMonth: 50_000 },
    overage: ["message"],
  },
});

export const PLAN_IDS = Object.keys(PLANS) as PlanId[];

export const isPlanId = (v: unknown): v is PlanId => typeof v === "string" && v in PLANS;

/** Which limit of a plan a kind of thing counts against. */
export const LIMIT_FIELD: Readonly<Record<LimitKind, keyof PlanLimits>> = Object.freeze({
  message: "messagesPerMonth",
  agent: "agents",
  member: "members",
  flow_run: "flowRunsPerMonth",
});

export const LIMIT_KINDS = Object.keys(LIMIT_FIELD) as LimitKind[];

export function limitOf(plan: PlanId, kind: LimitKind): number | null {
  return PLANS[plan].limits[LIMIT_FIELD[kind]];
}

/** The plan's Stripe price id from the environment, or undefined (Free, or not configured). */
export function priceIdOf(plan: PlanId, e: Env): string | undefined {
  const key = PLANS[plan].priceEnv;
  return key ? e[key] : undefined;
}

/** The plan whose configured price id this is (a subscription's item), or undefined. */
export function planOfPrice(priceId: string, e: Env): PlanId | undefined {
  return PLAN_IDS.find((p) => priceIdOf(p, e) === priceId);
}

/** Usage at or above this share of a limit warns (banner, `warn: true`). */
export const WARN_RATIO = 0.8;

/** Billing is on only when STRIPE_SECRET_KEY is set; off, every check allows and no billing UI shows. */
export { billingEnabled } from "../env";

/** Past its limit, may this plan go on with `kind` (billed as overage)? Only with an overage price set. */
export function billsOverage(plan: PlanId, kind: LimitKind, e: Env): boolean {
  return PLANS[plan].overage.includes(kind) && !!e.STRIPE_PRICE_MESSAGES_OVERAGE;
}
