import { env } from "../../env";
import { PLANS, type PlanId } from "../plans";

/**
 * Plans ↔ Stripe prices: each paid plan's price id comes from the environment
 * (lib/billing/plans.ts names the variable), so one build sells in test and
 * live mode alike.
 */
export function priceForPlan(plan: PlanId): string | null {
  const name = PLANS[plan].priceEnv;
  if (!name) return null;
  return (env()[name] as string | undefined) ?? null;
}

/** The plan sold at this price; null for a price we do not know (logged by the caller). */
export function planForPrice(priceId: string | null): PlanId | null {
  if (!priceId) return null;
  for (const id of Object.keys(PLANS) as PlanId[]) {
    if (priceForPlan(id) === priceId) return id;
  }
  return null;
}
