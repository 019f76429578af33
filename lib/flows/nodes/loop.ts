import { z } from "zod";
import { AppError } from "../../errors";
import type { Json } from "../graph-schema";
import { defineNode } from "./define-node";

/**
 * Loop over items: `map` is evaluated once per item with $item and $index,
 * and the results are one array on `out` (for a whole sub-graph per item,
 * put a Sub-flow node after a loop, or call a sub-flow from `map`'s consumer).
 * Past `max` items the node fails rather than silently dropping the rest.
 */
export const loop = defineNode({
  type: "loop",
  label: "Loop over items",
  category: "logic",
  description:
    "For each item of a list (up to a maximum), builds a value from it; outputs the list of results.",
  config: z
    .object({
      items: z
        .unknown()
        .describe('The list to loop over, usually an expression: {{ $node["HTTP"].output.body.items }}'),
      max: z.int().min(1).max(10_000).default(1000).describe("The most items accepted (more is an error)"),
      map: z
        .unknown()
        .optional()
        .describe("The value built for each item, with $item and $index (default: the item itself)")
        .meta({ widget: "json" }),
    })
    .strict(),
  inputs: ["in"],
  outputs: () => ["out"],
  sideEffects: false,
  defaultTimeoutMs: 30_000,
  async run(ctx, config) {
    const items = config.items;
    if (!Array.isArray(items)) throw new AppError("validation_failed", "'items' is not a list.");
    if (items.length > config.max) {
      throw new AppError(
        "validation_failed",
        `The list has ${items.length} items; this loop accepts at most ${config.max}.`,
      );
    }
    const raw = (ctx.node.config as { map?: unknown }).map;
    const out: Json[] = [];
    for (let index = 0; index < items.length; index++) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const item = items[index] as Json;
      out.push(raw === undefined ? item : ctx.resolve(raw, { item, index }));
    }
    return { kind: "done", output: out };
  },
});
