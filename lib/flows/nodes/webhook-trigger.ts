import { z } from "zod";
import { defineNode } from "./define-node";

export const WEBHOOK_MAX_TIMEOUT_MS = 120_000;

export const webhookTriggerConfig = z.object({
  respond: z
    .enum(["immediately", "when_responded"])
    .default("immediately")
    .describe(
      "immediately: answer 202 with the run id at once. when_responded: wait for a Respond to webhook node (or the run's end) and answer with its status, headers and body.",
    ),
  timeoutMs: z
    .int()
    .min(100)
    .max(WEBHOOK_MAX_TIMEOUT_MS)
    .default(30_000)
    .describe("When waiting for a response: how long before answering 202 with the run id instead (ms)."),
});
export type WebhookTriggerConfig = z.output<typeof webhookTriggerConfig>;

/**
 * Starts the flow on POST /api/hooks/flows/{token}. Its output is the request:
 * {body, headers (no secrets or cookies), query, method, receivedAt}.
 */
export const webhookTrigger = defineNode({
  type: "webhook_trigger",
  label: "Webhook",
  category: "trigger",
  description: "Runs the flow when its webhook URL receives a POST (JSON, form or text), optionally signed.",
  config: webhookTriggerConfig,
  inputs: [],
  outputs: () => ["out"],
  sideEffects: false,
  defaultTimeoutMs: 1000,
  run: async (ctx) => ({ kind: "done", output: ctx.trigger }),
});
