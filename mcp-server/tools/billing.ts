import { z } from "zod";
import { billingOutput, serializeBilling } from "../../lib/billing/contract";
import { getBilling } from "../../lib/billing/summary";
import { defineTool } from "../registry";

export const getBillingTool = defineTool({
  name: "get_billing",
  title: "Plan, limits and usage",
  description:
    "The workspace's plan and subscription status, and this month's usage against each limit (messages, agents, seats, flow runs; null limit = unlimited). enabled: false means billing is off and nothing is limited.",
  group: "usage",
  access: "read",
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.strictObject({}),
  output: billingOutput,
  untrusted: false,
  async run({ scope }) {
    return serializeBilling(await getBilling(scope));
  },
});
