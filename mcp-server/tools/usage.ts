import { z } from "zod";
import { usageSummary } from "../../lib/usage";
import { defineTool } from "../registry";

const totals = {
  messages: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  cost: z.number().describe("USD"),
  errors: z.number(),
};

export const usageSummaryTool = defineTool({
  name: "usage_summary",
  title: "Usage summary",
  description:
    "Messages, tokens, cost (USD), errors and time to first token for the last 7, 30 or 90 days: totals, per day and per agent.",
  group: "usage",
  access: "read",
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  input: z.strictObject({
    days: z.union([z.literal(7), z.literal(30), z.literal(90)]).default(30),
  }),
  output: z.object({
    days: z.number().int(),
    totals: z.object({ ...totals, errorRate: z.number() }),
    ttft: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }).describe("milliseconds"),
    daily: z.array(
      z.object({
        day: z.string().describe("YYYY-MM-DD (UTC)"),
        ...totals,
        assistantMessages: z.number(),
        ttftP50: z.number().nullable(),
        ttftP95: z.number().nullable(),
      }),
    ),
    agents: z.array(
      z.object({
        agentId: z.string().nullable(),
        name: z.string(),
        messages: z.number(),
        tokens: z.number(),
        cost: z.number(),
        errors: z.number(),
      }),
    ),
  }),
  untrusted: false,
  async run({ scope }, { days }) {
    return usageSummary(scope, { days });
  },
});
