import { applySubscriptionEvent } from "./subscription-changed";
import type { StripeEventHandler } from "./types";

/** customer.subscription.updated: A plan change, a scheduled or withdrawn cancellation, past_due after a failed renewal, active again. */
export const customerSubscriptionUpdated: StripeEventHandler = (ctx) => applySubscriptionEvent(ctx);
