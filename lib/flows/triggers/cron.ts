import { Cron } from "croner";

/**
 * Cron and time-zone checks and tick arithmetic, shared by the worker's
 * scheduler, the schedule_trigger node's validation and the Supabase edge
 * function (Deno imports this file: no Node APIs, no relative imports, croner
 * comes from the import map in supabase/functions/deno.json).
 */

/** A 5-field (minute) or 6-field (second-first) cron string. */
export function cronProblem(cron: string): string | null {
  const fields = cron.trim().split(/\s+/);
  if (cron.length > 120 || fields.length < 5 || fields.length > 6) {
    return "Use a cron expression with 5 fields (minute hour day month weekday) or 6 (seconds first)";
  }
  try {
    new Cron(cron, { paused: true });
    return null;
  } catch (e) {
    return `Not a valid cron expression: ${(e as Error).message}`;
  }
}

export function timezoneProblem(timezone: string): string | null {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return timezone.length > 64 ? "Not a known time zone" : null;
  } catch {
    return "Not a known IANA time zone (e.g. Europe/Berlin)";
  }
}

/** The first tick strictly after `after`, or null when the expression never fires again. */
export function nextTick(cron: string, timezone: string, after: Date): Date | null {
  return new Cron(cron, { timezone, paused: true }).nextRun(after);
}

/** How far behind a tick may be and still count as on time rather than missed while down. */
export const TICK_GRACE_MS = 60_000;
/** Ticks handled in one claim at most (a per-second cron after a long outage). */
export const MAX_TICKS_PER_CLAIM = 120;

export type MissedPolicy = "skip" | "run_once";

export interface TickPlan {
  /** Ticks to run, each its own run. */
  ticks: { tickAt: Date; missed: number }[];
  /** Stored as next_tick_at. */
  next: Date | null;
  /** Ticks left out by the `skip` policy. */
  skipped: number;
}

/**
 * What a claim of one trigger does at `now`, from its stored next_tick_at:
 * ticks no older than the grace run one by one; older ones were missed while
 * no worker ran — `skip` drops them, `run_once` folds them into one run
 * (at the latest missed tick, with their count).
 */
export function planTicks(
  cron: string,
  timezone: string,
  storedNext: Date,
  now: Date,
  policy: MissedPolicy,
): TickPlan {
  const schedule = new Cron(cron, { timezone, paused: true });
  const due: Date[] = [];
  let missedCount = 0;
  let lastMissed: Date | null = null;
  let t: Date | null = storedNext;
  // Walk the due ticks; missed ones are only counted, so a long outage costs a
  // bounded walk (10 000 steps) rather than one run per tick.
  for (let steps = 0; t && t.getTime() <= now.getTime() && steps < 10_000; steps++) {
    if (now.getTime() - t.getTime() > TICK_GRACE_MS) {
      missedCount++;
      lastMissed = t;
    } else if (due.length < MAX_TICKS_PER_CLAIM) {
      due.push(t);
    }
    t = schedule.nextRun(t);
  }
  while (t && t.getTime() <= now.getTime()) t = schedule.nextRun(now);
  const ticks = due.map((tickAt) => ({ tickAt, missed: 0 }));
  if (policy === "run_once" && lastMissed) ticks.unshift({ tickAt: lastMissed, missed: missedCount });
  return { ticks, next: t, skipped: policy === "skip" ? missedCount : 0 };
}
