import { z } from "zod";
import { iso, isoOrNull, isoTimestamp } from "../../contract/json";
import { defineOperation } from "../../contract/operation";
import { billingEnabled } from "../../env";
import { AppError } from "../../errors";
import { PLAN_IDS } from "../plans";
import { type BillingOverview, billingOverview } from "./overview";
import { createCheckoutSession, createPortalSession } from "./sessions";

/**
 * The billing page's operations (web only, owners and admins): what the page
 * shows, and the two ways out to Stripe (Checkout to subscribe, the Customer
 * Portal to change, cancel or pay). /api/v1 and MCP read plan and usage
 * through bill-limits' `get_billing`.
 */

const planId = z.enum(PLAN_IDS as [string, ...string[]]);
const limitsShape = z.object({
  messagesPerMonth: z.number().int().nullable(),
  agents: z.number().int().nullable(),
  members: z.number().int().nullable(),
  flowRunsPerMonth: z.number().int().nullable(),
});

export const billingOverviewOutput = z.object({
  hasCustomer: z.boolean().describe("the workspace has a Stripe customer (the portal has something to show)"),
  plans: z.array(z.object({ id: planId, name: z.string(), purchasable: z.boolean(), limits: limitsShape })),
  nextInvoice: z
    .object({ amountDue: z.number().int(), currency: z.string(), date: isoTimestamp.nullable() })
    .nullable(),
  invoices: z.array(
    z.object({
      id: z.string(),
      number: z.string().nullable(),
      status: z.string().nullable(),
      amountDue: z.number().int(),
      amountPaid: z.number().int(),
      currency: z.string(),
      created: isoTimestamp,
      hostedInvoiceUrl: z.string().nullable(),
    }),
  ),
  notices: z.array(
    z.object({ id: z.uuid(), kind: z.string(), message: z.string(), createdAt: isoTimestamp }),
  ),
  stripeUnavailable: z
    .boolean()
    .describe("Stripe could not be reached: invoices and the estimate are missing"),
});
export type BillingOverviewJson = z.infer<typeof billingOverviewOutput>;

export const serializeBillingOverview = (o: BillingOverview): BillingOverviewJson => ({
  ...o,
  nextInvoice: o.nextInvoice && { ...o.nextInvoice, date: isoOrNull(o.nextInvoice.date) },
  invoices: o.invoices.map((i) => ({ ...i, created: iso(i.created) })),
  notices: o.notices.map((n) => ({ ...n, createdAt: iso(n.createdAt) })),
});

export const checkoutInput = z.strictObject({
  plan: z.enum(PLAN_IDS.filter((p) => p !== "free") as [string, ...string[]]),
});
export type CheckoutBody = z.input<typeof checkoutInput>;

export const redirectOutput = z.object({
  url: z.url().describe("Stripe's hosted page to send the browser to"),
});

function requireBilling(): void {
  if (!billingEnabled()) throw new AppError("not_found", "Billing is not enabled on this instance.");
}

/** Each call creates a Stripe object: a few a minute per person is plenty. */
const stripeRateLimit = { name: "billing-stripe", max: 20, windowSeconds: 60 };

export const getBillingOverviewOp = defineOperation({
  id: "billing.overview",
  method: "get",
  summary: "The billing page's Stripe side: invoices, next invoice, notices, plans for sale",
  output: billingOverviewOutput,
  outputDescription: "Invoices, the next invoice's estimate, billing notices and the plans for sale.",
  web: { path: "/billing/overview", role: "admin" },
  async run(scope) {
    requireBilling();
    return serializeBillingOverview(await billingOverview(scope));
  },
});

export const createCheckoutOp = defineOperation({
  id: "billing.checkout",
  method: "post",
  summary: "Start a Stripe Checkout for a paid plan",
  body: checkoutInput,
  output: redirectOutput,
  status: 201,
  outputDescription: "The Checkout page's URL; Stripe sends the browser back to the billing page.",
  web: { path: "/billing/checkout", role: "admin", rateLimit: stripeRateLimit },
  async run(scope, { body }, caller) {
    requireBilling();
    return createCheckoutSession(scope, {
      plan: body.plan as Exclude<(typeof PLAN_IDS)[number], "free">,
      slug: caller.workspaceSlug,
    });
  },
});

export const createPortalOp = defineOperation({
  id: "billing.portal",
  method: "post",
  summary: "Open the Stripe Customer Portal",
  output: redirectOutput,
  status: 201,
  outputDescription: "The portal's URL; its return link leads back to the billing page.",
  web: { path: "/billing/portal", role: "admin", rateLimit: stripeRateLimit },
  async run(scope, _input, caller) {
    requireBilling();
    return createPortalSession(scope, { slug: caller.workspaceSlug });
  },
});

export const billingStripeOperations = [getBillingOverviewOp, createCheckoutOp, createPortalOp];
