import type Stripe from "stripe";
import { syncSubscription, workspaceForCustomer } from "../sync-subscription";
import type { StripeEventContext } from "./types";

/** The subscription an invoice bills (API 2025-03-31 and later: under parent.subscription_details). */
export function invoiceSubscriptionId(invoice: Stripe.Invoice): string | null {
  const sub = invoice.parent?.subscription_details?.subscription;
  return typeof sub === "string" ? sub : (sub?.id ?? null);
}

/** Invoice events change the subscription's status: re-read it and apply. */
export async function applyInvoiceEvent({ tx, stripe, event }: StripeEventContext) {
  const invoice = event.data.object as Stripe.Invoice;
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (!subscriptionId) return { workspaceId: null };
  const workspaceId = await workspaceForCustomer(
    tx,
    invoice.customer,
    invoice.parent?.subscription_details?.metadata?.workspace_id,
  );
  if (!workspaceId) return { workspaceId: null };
  await syncSubscription(tx, stripe, { workspaceId, subscriptionId, event });
  return { workspaceId };
}
