import { describe, expect, it } from "vitest";
import { scheduleTriggerConfig } from "../nodes/schedule-trigger";
import { cronProblem, nextTick, planTicks, timezoneProblem } from "./schedule-core";

describe("schedule_trigger config", () => {
  it.each([["not a cron"], ["* * * *"], ["* * * * * * *"], ["61 * * * *"], ["*/0 * * * *"], ["0 25 * * *"]])(
    "refuses the cron string %j with a message",
    (cron) => {
      const r = scheduleTriggerConfig.safeParse({ cron, timezone: "UTC" });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(["cron"]);
      expect(cronProblem(cron)).toMatch(/cron/i);
    },
  );

  it("refuses an unknown time zone", () => {
    const r = scheduleTriggerConfig.safeParse({ cron: "0 9 * * *", timezone: "Mars/Olympus" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["timezone"]);
    expect(timezoneProblem("Mars/Olympus")).toMatch(/time zone/);
  });

  it("accepts 5 and 6 fields and defaults to UTC and skip", () => {
    expect(scheduleTriggerConfig.parse({ cron: "0 9 * * 1-5" })).toEqual({
      cron: "0 9 * * 1-5",
      timezone: "UTC",
      missed: "skip",
    });
    expect(scheduleTriggerConfig.safeParse({ cron: "*/5 * * * * *" }).success).toBe(true);
  });
});

describe("ticks", () => {
  it("reads the cron in the trigger's time zone", () => {
    const after = new Date("2026-07-01T00:00:00Z");
    // 09:00 in Berlin (UTC+2 in summer) is 07:00 UTC.
    expect(nextTick("0 9 * * *", "Europe/Berlin", after)?.toISOString()).toBe("2026-07-01T07:00:00.000Z");
    expect(nextTick("0 9 * * *", "UTC", after)?.toISOString()).toBe("2026-07-01T09:00:00.000Z");
  });

  it("runs an on-time tick and points at the next one", () => {
    const now = new Date("2026-01-01T10:00:00.400Z");
    const plan = planTicks("* * * * *", "UTC", new Date("2026-01-01T10:00:00Z"), now, "skip");
    expect(plan.ticks.map((t) => t.tickAt.toISOString())).toEqual(["2026-01-01T10:00:00.000Z"]);
    expect(plan.next?.toISOString()).toBe("2026-01-01T10:01:00.000Z");
    expect(plan.skipped).toBe(0);
  });

  it("skip: ticks missed while down start nothing; the next tick is in the future", () => {
    const now = new Date("2026-01-01T12:00:30Z");
    const plan = planTicks("*/5 * * * *", "UTC", new Date("2026-01-01T09:00:00Z"), now, "skip");
    // 09:00 … 11:55 were missed (36 ticks); 12:00 is within the grace and runs.
    expect(plan.skipped).toBe(36);
    expect(plan.ticks.map((t) => t.tickAt.toISOString())).toEqual(["2026-01-01T12:00:00.000Z"]);
    expect(plan.next?.toISOString()).toBe("2026-01-01T12:05:00.000Z");
  });

  it("run_once: everything missed becomes one run that says how many", () => {
    const now = new Date("2026-01-01T12:03:00Z");
    const plan = planTicks("*/5 * * * *", "UTC", new Date("2026-01-01T09:00:00Z"), now, "run_once");
    expect(plan.ticks).toEqual([{ tickAt: new Date("2026-01-01T12:00:00Z"), missed: 37 }]);
    expect(plan.skipped).toBe(0);
    expect(plan.next?.toISOString()).toBe("2026-01-01T12:05:00.000Z");
  });

  it("a very long outage costs a bounded walk", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const t0 = performance.now();
    const plan = planTicks("* * * * * *", "UTC", new Date("2025-01-01T00:00:00Z"), now, "run_once");
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(plan.ticks).toHaveLength(1);
    expect(plan.next?.getTime()).toBeGreaterThan(now.getTime());
  });
});
