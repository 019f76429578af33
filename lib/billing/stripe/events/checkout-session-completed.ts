import type Stripe from "stripe";
import { syncSubscription, workspaceForCustomer } from "../sync-subscription";
import type { StripeEventHandler } from "./types";

/** A paid Checkout: link the customer if this is its first event, then apply the new subscription. */
export const checkoutSessionCompleted: StripeEventHandler = async ({ tx, stripe, event }) => {
  const session = event.data.object as Stripe.Checkout.Session;
  const subscription =
    typeof session.subscription === "string" ? session.subscription : session.subscription?.id;
  if (session.mode !== "subscription" || !subscription) return { workspaceId: null };
  const workspaceId = await workspaceForCustomer(
    tx,
    session.customer,
    session.client_reference_id ?? session.metadata?.workspace_id,
  );
  if (!workspaceId) return { workspaceId: null };
  await syncSubscription(tx, stripe, { workspaceId, subscriptionId: subscription, event });
  return { workspaceId };
};
