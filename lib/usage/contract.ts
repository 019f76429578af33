import { z } from "zod";
import { defineOperation } from "../contract/operation";
import { usageQuery, usageSummary } from "./usage-summary";

/**
 * Usage's public contract: the overview dashboard's figures as the web API
 * sends them, which the MCP tool returns too, and the browser's type.
 */

const totals = {
  messages: z.int(),
  inputTokens: z.int(),
  outputTokens: z.int(),
  cost: z.number().describe("USD"),
  errors: z.int(),
};

export const usageOutput = z.object({
  days: z.int(),
  totals: z.object({ ...totals, errorRate: z.number().describe("Failed replies / replies") }),
  ttft: z
    .object({ p50: z.number().nullable(), p95: z.number().nullable() })
    .describe("Time to first token, milliseconds"),
  daily: z.array(
    z.object({
      day: z.string().describe("YYYY-MM-DD (UTC)"),
      ...totals,
      assistantMessages: z.int(),
      ttftP50: z.number().nullable(),
      ttftP95: z.number().nullable(),
    }),
  ),
  agents: z.array(
    z.object({
      agentId: z.uuid().nullable().describe("null: messages of conversations without an agent"),
      name: z.string(),
      messages: z.int(),
      tokens: z.int(),
      cost: z.number(),
      errors: z.int(),
    }),
  ),
  channels: z
    .array(
      z.object({
        inboxId: z.uuid().nullable(),
        channel: z.enum(["web", "api", "chatwoot", "whatsapp", "widget"]).nullable(),
        name: z.string().describe("The inbox's name"),
        messages: z.int(),
        tokens: z.int(),
        cost: z.number(),
        errors: z.int(),
      }),
    )
    .describe("Per inbox (each one channel), most messages first"),
});
export type UsageJson = z.infer<typeof usageOutput>;

/** Unknown parameters are refused, as everywhere else. */
export const usageRequest = usageQuery.strict();

export const getUsageOp = defineOperation({
  id: "usage.summary",
  method: "get",
  summary: "Usage summary",
  description: "Messages, tokens, cost, errors and time to first token for the last 7, 30 or 90 days.",
  query: usageRequest,
  output: usageOutput,
  outputDescription: "Totals, per day, per agent and per channel.",
  web: { path: "/usage", role: "viewer" },
  async run(scope, { query }) {
    return usageSummary(scope, query);
  },
});

export const usageOperations = [getUsageOp];
