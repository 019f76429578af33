import { z } from "zod";
import type { Json } from "../graph-schema";
import { defineNode } from "./define-node";

/**
 * Joins branches: it runs once every connected input has finished or been
 * skipped. Its input is an object keyed by input handle (`a`, `b`, `c`), a
 * skipped branch's key holding null.
 */
export const merge = defineNode({
  type: "merge",
  label: "Merge",
  category: "logic",
  description: "Waits for every connected branch, then joins their outputs.",
  config: z
    .object({
      mode: z
        .enum(["object", "append", "first"])
        .default("object")
        .describe("object: {a, b, c}; append: one array of all items; first: the first branch that ran"),
    })
    .strict(),
  inputs: ["a", "b", "c"],
  outputs: () => ["out"],
  sideEffects: false,
  defaultTimeoutMs: 1000,
  async run(_ctx, config, input) {
    const byHandle = (input ?? {}) as Record<string, Json>;
    const values = ["a", "b", "c"].map((h) => byHandle[h] ?? null);
    if (config.mode === "object") return { kind: "done", output: byHandle };
    if (config.mode === "first") return { kind: "done", output: values.find((v) => v !== null) ?? null };
    const all: Json[] = [];
    for (const v of values) {
      if (v === null) continue;
      if (Array.isArray(v)) all.push(...v);
      else all.push(v);
    }
    return { kind: "done", output: all };
  },
});
