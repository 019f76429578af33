import type Stripe from "stripe";
import { syncSubscription, workspaceForCustomer } from "../sync-subscription";
import type { StripeEventHandler } from "./types";

/** Shared by the three customer.subscription.* handlers: each re-reads the subscription and applies it. */
export const applySubscriptionEvent: StripeEventHandler = async ({ tx, stripe, event }) => {
  const sub = event.data.object as Stripe.Subscription;
  const workspaceId = await workspaceForCustomer(tx, sub.customer, sub.metadata?.workspace_id);
  if (!workspaceId) return { workspaceId: null };
  await syncSubscription(tx, stripe, { workspaceId, subscriptionId: sub.id, event });
  return { workspaceId };
};
