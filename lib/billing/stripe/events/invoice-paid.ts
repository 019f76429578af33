import { applyInvoiceEvent } from "./invoice-subscription";
import type { StripeEventHandler } from "./types";

/** invoice.paid: a renewal (or a retried payment) went through; a past_due subscription is active again. */
export const invoicePaid: StripeEventHandler = (ctx) => applyInvoiceEvent(ctx);
