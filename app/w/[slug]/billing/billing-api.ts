import type { BillingOverviewJson, CheckoutBody } from "@/lib/billing/stripe/contract";

/** The billing page's Stripe side (GET …/billing/overview); plan and usage come from GET …/billing. */
export type { BillingOverviewJson, CheckoutBody };

export const overviewKey = (slug: string) => ["billing", slug, "overview"] as const;
export const billingApi = (slug: string, sub: "overview" | "checkout" | "portal") =>
  `/api/workspaces/${encodeURIComponent(slug)}/billing/${sub}`;

/** Stripe amounts are in the currency's minor unit (cents). */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() }).format(
    amount / 100,
  );
}
