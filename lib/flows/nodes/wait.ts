import { z } from "zod";
import { AppError } from "../../errors";
import { defineNode } from "./define-node";

/** A durable pause: the run is parked and a job wakes it, across restarts. */
export const wait = defineNode({
  type: "wait",
  label: "Wait",
  category: "logic",
  description: "Pauses the run for a time or until a moment (days are fine: it survives restarts).",
  config: z
    .object({
      mode: z
        .enum(["duration", "until"])
        .default("duration")
        .describe("Wait for a duration, or until a date and time"),
      seconds: z
        .number()
        .min(0)
        .max(90 * 86_400)
        .default(60)
        .describe("How long to wait, in seconds (up to 90 days)"),
      until: z.string().max(64).optional().describe("ISO date and time to wait until (mode 'until')"),
    })
    .strict(),
  inputs: ["in"],
  outputs: () => ["out"],
  sideEffects: false,
  defaultTimeoutMs: 1000,
  async run(_ctx, config, input) {
    let until: Date;
    if (config.mode === "until") {
      until = new Date(config.until ?? "");
      if (Number.isNaN(until.getTime()))
        throw new AppError("validation_failed", "'until' is not a date and time.");
    } else until = new Date(Date.now() + config.seconds * 1000);
    return { kind: "wait", until, output: input };
  },
});
