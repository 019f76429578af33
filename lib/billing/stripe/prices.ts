import { env } from "../../env";
import { type PlanId, planOfPrice, priceIdOf } from "../plans";

/** The plan's Stripe price in this environment; null: not for sale here (Free, or not configured). */
export const priceForPlan = (plan: PlanId): string | null => priceIdOf(plan, env()) ?? null;

/** The plan sold at this price; null for a price we do not know. */
export const planForPrice = (priceId: string | null): PlanId | null =>
  priceId ? (planOfPrice(priceId, env()) ?? null) : null;
