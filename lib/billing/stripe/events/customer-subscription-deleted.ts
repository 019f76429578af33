import { applySubscriptionEvent } from "./subscription-changed";
import type { StripeEventHandler } from "./types";

/** customer.subscription.deleted: The subscription ended (at the end of a canceled period, or at once): the workspace moves to Free. */
export const customerSubscriptionDeleted: StripeEventHandler = (ctx) => applySubscriptionEvent(ctx);
