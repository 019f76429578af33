import { z } from "zod";
import { handleSchema, type Json } from "../graph-schema";
import { compare } from "./compare";
import { defineNode } from "./define-node";

/** Routes the input to the first case whose value equals, else to `default`. */
export const switchNode = defineNode({
  type: "switch",
  label: "Switch",
  category: "logic",
  description: "Sends the input on through the first case whose value matches, or through 'default'.",
  config: z
    .object({
      value: z.unknown().describe("The value to route on, usually an expression"),
      cases: z
        .array(
          z
            .object({
              handle: handleSchema.describe("The output's name"),
              equals: z.unknown().describe("The value that selects this output"),
            })
            .strict(),
        )
        .min(1)
        .max(20)
        .refine(
          (cs) => new Set(cs.map((c) => c.handle)).size === cs.length,
          "Each case needs its own output name",
        )
        .refine((cs) => !cs.some((c) => c.handle === "default"), "'default' is taken by the fallback output")
        .describe("Cases, checked in order"),
    })
    .strict(),
  inputs: ["in"],
  outputs: (config) => [...config.cases.map((c) => c.handle), "default"],
  sideEffects: false,
  defaultTimeoutMs: 1000,
  async run(_ctx, config, input) {
    const value = (config.value ?? null) as Json;
    const hit = config.cases.find((c) => compare(value, "equals", (c.equals ?? null) as Json));
    return { kind: "done", output: input, port: hit ? hit.handle : "default" };
  },
});
