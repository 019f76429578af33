import { z } from "zod";
import { usageDays, usageSummary } from "../../lib/usage";
import { usageOutput } from "../../lib/usage/contract";
import { defineTool } from "../registry";

export const getUsageSummaryTool = defineTool({
  name: "get_usage_summary",
  aliases: ["usage_summary"],
  title: "Usage summary",
  description:
    "Messages, tokens, cost (USD), errors and time to first token for the last 7, 30 or 90 days: totals, per day and per agent.",
  group: "usage",
  access: "read",
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.strictObject({ days: usageDays.default(30) }),
  output: usageOutput,
  untrusted: false,
  async run({ scope }, { days }) {
    return usageSummary(scope, { days });
  },
});
