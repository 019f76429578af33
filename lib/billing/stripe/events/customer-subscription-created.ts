import { applySubscriptionEvent } from "./subscription-changed";
import type { StripeEventHandler } from "./types";

/** customer.subscription.created: A subscription started (Checkout, the dashboard or the API). */
export const customerSubscriptionCreated: StripeEventHandler = (ctx) => applySubscriptionEvent(ctx);
