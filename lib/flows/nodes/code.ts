import { z } from "zod";
import { runCode } from "../sandbox/sandbox-pool";
import { defineNode } from "./define-node";

/**
 * User JavaScript, run in the QuickJS sandbox (lib/flows/sandbox): the body
 * of an async function with `$input` and `$trigger` as plain data; what it
 * returns (JSON) is the node's output. No network, files, timers or host
 * objects; a CPU and a memory budget.
 */
export const code = defineNode({
  type: "code",
  label: "Code",
  category: "data",
  description:
    "Runs JavaScript in a sandbox with $input and $trigger; returns JSON (no network, files or timers).",
  config: z
    .object({
      code: z
        .string()
        .min(1)
        .max(100_000)
        .describe("The body of an async function; `return` the result. $input and $trigger are available.")
        .meta({ widget: "code" }),
      timeoutMs: z
        .int()
        .min(10)
        .max(10_000)
        .default(2000)
        .describe("CPU time budget in milliseconds (up to 10 s)"),
      memoryMb: z.int().min(4).max(64).default(32).describe("Memory budget in MB (up to 64)"),
    })
    .strict(),
  inputs: ["in"],
  outputs: () => ["out"],
  // JavaScript may contain "{{": it is code, not a template.
  literalFields: ["code"],
  sideEffects: false,
  defaultTimeoutMs: 15_000,
  async run(ctx, config, input) {
    const r = await runCode({
      code: config.code,
      input,
      trigger: ctx.trigger,
      timeoutMs: config.timeoutMs,
      memoryMb: config.memoryMb,
      signal: ctx.signal,
    });
    return { kind: "done", output: { result: r.result, logs: r.logs } };
  },
});
