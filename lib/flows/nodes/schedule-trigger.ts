import { z } from "zod";
import { cronProblem, timezoneProblem } from "../triggers/schedule-core";
import { defineNode } from "./define-node";

export const scheduleTriggerConfig = z.object({
  cron: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .superRefine((s, ctx) => {
      const problem = cronProblem(s);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .describe(
      "Cron expression: 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first. E.g. '0 9 * * 1-5' = 09:00 on weekdays.",
    ),
  timezone: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .default("UTC")
    .superRefine((s, ctx) => {
      const problem = timezoneProblem(s);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    .describe("IANA time zone the cron expression is read in, e.g. Europe/Berlin."),
  missed: z
    .enum(["skip", "run_once"])
    .default("skip")
    .describe(
      "Ticks missed while no worker ran: skip them, or run once for all of them (the run's input says how many).",
    ),
});
export type ScheduleTriggerConfig = z.output<typeof scheduleTriggerConfig>;

/** Runs the published flow on each tick, exactly once across worker processes. Output: {tickAt, missed, cron, timezone}. */
export const scheduleTrigger = defineNode({
  type: "schedule_trigger",
  label: "Schedule",
  category: "trigger",
  description: "Runs the flow on a cron schedule in a time zone, once per tick.",
  config: scheduleTriggerConfig,
  inputs: [],
  outputs: () => ["out"],
  sideEffects: false,
  defaultTimeoutMs: 1000,
  run: async (ctx) => ({ kind: "done", output: ctx.trigger }),
});
