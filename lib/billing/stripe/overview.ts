import type Stripe from "stripe";
import { runAsUser } from "../../db/rls";
import { logger } from "../../logger";
import type { WorkspaceScope } from "../../workspaces";
import { PLAN_IDS, PLANS, type PlanId } from "../plans";
import { stripeClient, stripeErrorCode } from "./client";
import { priceForPlan } from "./prices";

/**
 * The Stripe side of the billing page: the notices, the plans for sale, and
 * from Stripe the invoices and the next invoice's estimate. The plan, the
 * subscription's state and usage come from bill-limits' `GET /billing`
 * (lib/billing/contract.ts). Stripe being unreachable leaves the page usable
 * without invoices and estimate (`stripeUnavailable`).
 */

export interface BillingInvoice {
  id: string;
  number: string | null;
  status: string | null;
  amountDue: number;
  amountPaid: number;
  currency: string;
  created: Date;
  hostedInvoiceUrl: string | null;
}

export interface BillingOverview {
  /** A Stripe customer exists: the portal has something to show. */
  hasCustomer: boolean;
  /** The plans, and whether each can be bought here (a price is configured). */
  plans: { id: PlanId; name: string; purchasable: boolean; limits: (typeof PLANS)[PlanId]["limits"] }[];
  nextInvoice: { amountDue: number; currency: string; date: Date | null } | null;
  invoices: BillingInvoice[];
  notices: { id: string; kind: string; message: string; createdAt: Date }[];
  stripeUnavailable: boolean;
}

const seconds = (s: number | null | undefined) => (s ? new Date(s * 1000) : null);

async function fromStripe(customer: string | null) {
  if (!customer) return { invoices: [], nextInvoice: null, stripeUnavailable: false };
  const stripe = stripeClient();
  const [list, preview] = await Promise.allSettled([
    stripe.invoices.list({ customer, limit: 12 }),
    stripe.invoices.createPreview({ customer }),
  ]);
  let unavailable = false;
  const invoices =
    list.status === "fulfilled"
      ? list.value.data.map((i: Stripe.Invoice) => ({
          id: i.id ?? "",
          number: i.number,
          status: i.status,
          amountDue: i.amount_due,
          amountPaid: i.amount_paid,
          currency: i.currency,
          created: new Date(i.created * 1000),
          hostedInvoiceUrl: i.hosted_invoice_url ?? null,
        }))
      : [];
  if (list.status === "rejected") {
    unavailable = true;
    logger.warn({ err: list.reason }, "billing: listing invoices from Stripe failed");
  }
  let nextInvoice: BillingOverview["nextInvoice"] = null;
  if (preview.status === "fulfilled") {
    const p = preview.value;
    nextInvoice = {
      amountDue: p.amount_due,
      currency: p.currency,
      date: seconds(p.next_payment_attempt ?? p.period_end),
    };
  } else if (stripeErrorCode(preview.reason) !== "invoice_upcoming_none") {
    // No upcoming invoice (no subscription, or one that ends) is an answer, not a failure.
    unavailable = true;
    logger.warn({ err: preview.reason }, "billing: previewing the next invoice failed");
  }
  return { invoices, nextInvoice, stripeUnavailable: unavailable };
}

export async function billingOverview(scope: WorkspaceScope): Promise<BillingOverview> {
  const [row, notices] = await runAsUser(scope.claims, (tx) =>
    Promise.all([
      tx
        .selectFrom("workspace_billing")
        .select("stripe_customer_id")
        .where("workspace_id", "=", scope.workspaceId)
        .executeTakeFirst(),
      tx
        .selectFrom("billing_notices")
        .select(["id", "kind", "message", "created_at"])
        .where("workspace_id", "=", scope.workspaceId)
        .orderBy("created_at", "desc")
        .limit(20)
        .execute(),
    ]),
  );
  const stripe = await fromStripe(row?.stripe_customer_id ?? null);
  return {
    hasCustomer: Boolean(row?.stripe_customer_id),
    plans: PLAN_IDS.map((id) => ({
      id,
      name: PLANS[id].name,
      purchasable: priceForPlan(id) !== null,
      limits: PLANS[id].limits,
    })),
    ...stripe,
    notices: notices.map((n) => ({ id: n.id, kind: n.kind, message: n.message, createdAt: n.created_at })),
  };
}
