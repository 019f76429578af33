import { z } from "zod";
import type { Json } from "../graph-schema";
import { compare, operatorSchema } from "./compare";
import { defineNode } from "./define-node";

const rule = z
  .object({
    left: z.unknown().describe('The value to test, usually an expression: {{ $node["Agent"].output.text }}'),
    operator: operatorSchema.describe("How to compare"),
    right: z.unknown().optional().describe("What to compare with (not used by exists / is empty)"),
  })
  .strict();

/** If/else: the input goes on unchanged through `true` or `false`. */
export const condition = defineNode({
  type: "condition",
  label: "Condition",
  category: "logic",
  description: "Sends the input on through 'true' or 'false' depending on the rules.",
  config: z
    .object({
      rules: z.array(rule).min(1).max(20).describe("The comparisons"),
      combine: z.enum(["all", "any"]).default("all").describe("True when all rules hold, or when any does"),
    })
    .strict(),
  inputs: ["in"],
  outputs: () => ["true", "false"],
  sideEffects: false,
  defaultTimeoutMs: 1000,
  async run(_ctx, config, input) {
    const results = config.rules.map((r) =>
      compare((r.left ?? null) as Json, r.operator, (r.right ?? null) as Json),
    );
    const ok = config.combine === "all" ? results.every(Boolean) : results.some(Boolean);
    return { kind: "done", output: input, port: ok ? "true" : "false" };
  },
});
