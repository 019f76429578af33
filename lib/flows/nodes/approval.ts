import { z } from "zod";
import { defineNode } from "./define-node";

/**
 * Human approval: the run waits until someone with the role decides (web,
 * /api/v1, MCP). Approve → `approved`, reject → `rejected` (the output is
 * their payload and comment); past the expiry → `timeout`.
 */
export const approval = defineNode({
  type: "approval",
  label: "Human approval",
  category: "human",
  description: "Pauses the run until a person approves or rejects it, or the approval expires.",
  config: z
    .object({
      message: z
        .string()
        .max(4000)
        .default("")
        .describe("What the approver is asked (may use expressions)")
        .meta({ widget: "textarea" }),
      requiredRole: z
        .enum(["member", "admin", "owner"])
        .default("member")
        .describe("The least role that may decide"),
      expiresInSeconds: z
        .int()
        .min(1)
        .max(30 * 86_400)
        .optional()
        .describe("Seconds until the approval expires onto the 'timeout' output (none: it waits for ever)"),
    })
    .strict(),
  inputs: ["in"],
  outputs: () => ["approved", "rejected", "timeout"],
  sideEffects: false,
  defaultTimeoutMs: 1000,
  async run(_ctx, config) {
    return {
      kind: "approval",
      message: config.message,
      requiredRole: config.requiredRole,
      expiresAt: config.expiresInSeconds ? new Date(Date.now() + config.expiresInSeconds * 1000) : null,
    };
  },
});
