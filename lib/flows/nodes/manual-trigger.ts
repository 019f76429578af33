import { z } from "zod";
import { defineNode } from "./define-node";

/** Starts a run from the editor, /api/v1 or MCP; its output is the input given there. */
export const manualTrigger = defineNode({
  type: "manual_trigger",
  label: "Manual trigger",
  category: "trigger",
  description:
    "Starts the flow from the editor's Test run, the API or an MCP client, with the input given there.",
  config: z
    .object({
      sampleInput: z
        .string()
        .max(100_000)
        .default("{}")
        .describe("Sample JSON input the editor's Test run starts with")
        .meta({ widget: "json" }),
    })
    .strict(),
  inputs: [],
  outputs: () => ["out"],
  sideEffects: false,
  defaultTimeoutMs: 1000,
  async run(ctx) {
    return { kind: "done", output: ctx.trigger };
  },
});
