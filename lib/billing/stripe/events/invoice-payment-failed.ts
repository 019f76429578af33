import { applyInvoiceEvent } from "./invoice-subscription";
import type { StripeEventHandler } from "./types";

/**
 * invoice.payment_failed: Stripe marks the subscription past_due; applying it
 * starts the grace period (BILLING_GRACE_DAYS) with a notice, after which the
 * Free plan's limits apply (lib/billing/entitlements.ts reads grace_until).
 */
export const invoicePaymentFailed: StripeEventHandler = (ctx) => applyInvoiceEvent(ctx);
