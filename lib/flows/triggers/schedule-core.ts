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

/** The little of a Postgres client the tick needs: node-postgres in Node, npm:pg in the edge function. */
export interface TickClient {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface TickResult {
  triggers: number;
  runs: { triggerId: string; tickAt: string; runId: string }[];
  skipped: number;
}

/**
 * One scheduler pass, in one transaction on `client`: claim due triggers
 * (`for update skip locked`: another process skips them), plan their ticks,
 * and fire + advance each (private.flow_schedule_commit records every tick
 * in flow_schedule_ticks first, so a tick starts one run however many
 * processes race). A trigger whose stored cron no longer parses is parked
 * (next_tick_at null) instead of failing every pass.
 */
export async function runScheduleTick(client: TickClient, now = new Date(), limit = 50): Promise<TickResult> {
  const result: TickResult = { triggers: 0, runs: [], skipped: 0 };
  await client.query("begin");
  try {
    const { rows } = await client.query("select * from private.flow_schedule_claim($1, $2)", [now, limit]);
    for (const row of rows) {
      const triggerId = String(row.trigger_id);
      const cron = String(row.cron);
      const timezone = String(row.timezone);
      let plan: TickPlan;
      try {
        plan = planTicks(
          cron,
          timezone,
          new Date(row.next_tick_at as string),
          now,
          row.missed as MissedPolicy,
        );
      } catch {
        await client.query("select * from private.flow_schedule_commit($1, '[]'::jsonb, null)", [triggerId]);
        continue;
      }
      result.triggers++;
      result.skipped += plan.skipped;
      const ticks = plan.ticks.map((t) => ({
        tickAt: t.tickAt.toISOString(),
        input: {
          tickAt: t.tickAt.toISOString(),
          missed: t.missed,
          cron,
          timezone,
          firedAt: now.toISOString(),
        },
      }));
      const fired = await client.query("select * from private.flow_schedule_commit($1, $2::jsonb, $3)", [
        triggerId,
        JSON.stringify(ticks),
        plan.next,
      ]);
      for (const f of fired.rows) {
        result.runs.push({
          triggerId,
          tickAt: new Date(f.tick_at as string).toISOString(),
          runId: String(f.run_id),
        });
      }
    }
    await client.query("commit");
  } catch (e) {
    await client.query("rollback").catch(() => {});
    throw e;
  }
  return result;
}
