import { z } from "zod";
import { isoOrNull, isoTimestamp } from "../contract/json";
import { defineOperation } from "../contract/operation";
import { LIMIT_KINDS, PLAN_IDS } from "./plans";
import { type BillingSummary, getBilling } from "./summary";

/**
 * Billing's public contract: the workspace's plan, subscription state and
 * usage against each limit. One shape for the web API (the billing page and
 * the workspace banner), /api/v1 and MCP `get_billing`.
 */

const planId = z.enum(PLAN_IDS as [string, ...string[]]);

export const billingUsageOutput = z.object({
  kind: z
    .enum(LIMIT_KINDS as [string, ...string[]])
    .describe(
      "message: agent replies this month (UTC); flow_run: runs this month; member: members + pending invitations",
    ),
  limit: z.int().nullable().describe("null: unlimited"),
  used: z.int(),
  warn: z.boolean().describe("At or above 80% of the limit"),
  blocked: z.boolean().describe("At the limit: one more is refused with 402 plan_limit"),
});

export const billingOutput = z.object({
  enabled: z.boolean().describe("false: billing is off on this instance (no Stripe key): nothing is limited"),
  plan: planId.nullable().describe("The plan whose limits apply now; null when billing is off"),
  subscribedPlan: planId.describe(
    "The plan subscribed to (a past-due subscription beyond its grace period, or a canceled one, falls back to Free)",
  ),
  status: z.enum(["active", "trialing", "past_due", "canceled", "none"]),
  currentPeriodEnd: isoTimestamp.nullable(),
  cancelAtPeriodEnd: z.boolean(),
  graceUntil: isoTimestamp.nullable().describe("A past-due subscription keeps its plan until then"),
  upgradeUrl: z
    .string()
    .nullable()
    .describe("The billing page (owners and admins); null when billing is off"),
  usage: z.array(billingUsageOutput),
});
export type BillingJson = z.infer<typeof billingOutput>;
export type BillingUsageJson = z.infer<typeof billingUsageOutput>;

export function serializeBilling(b: BillingSummary): z.input<typeof billingOutput> {
  return {
    ...b,
    currentPeriodEnd: isoOrNull(b.currentPeriodEnd),
    graceUntil: isoOrNull(b.graceUntil),
  };
}

export const getBillingOp = defineOperation({
  id: "billing.get",
  method: "get",
  summary: "Plan, limits and usage",
  description:
    "The workspace's plan and subscription state, and this month's usage against each of the plan's limits.",
  // No parameters; unknown ones are refused, as everywhere else.
  query: z.strictObject({}),
  output: billingOutput,
  outputDescription: "The plan that applies now and usage per limit.",
  web: { path: "/billing", role: "viewer" },
  v1: { path: "/billing", group: "usage" },
  async run(scope) {
    return serializeBilling(await getBilling(scope));
  },
});

export const billingOperations = [getBillingOp];
