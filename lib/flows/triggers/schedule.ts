import { getPool } from "../../db/client";
import { logger } from "../../logger";
import { runScheduleTick, type TickResult } from "./schedule-core";

/** One pass over the due schedule triggers, on a pooled connection. */
export async function scheduleTick(now = new Date()): Promise<TickResult> {
  const client = await getPool().connect();
  try {
    return await runScheduleTick(client, now);
  } finally {
    client.release();
  }
}

export interface ScheduleLoop {
  stop(): Promise<void>;
}

/**
 * The worker's scheduler: a pass every `intervalMs` (1 s: ticks may be
 * seconds apart), aligned to the wall clock's second so a tick starts within
 * about a second of its time. Every worker process runs one; the claim makes
 * them agree. stop() waits for the pass in flight.
 */
export function startScheduleLoop(opts: { intervalMs?: number } = {}): ScheduleLoop {
  const interval = opts.intervalMs ?? 1000;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const pass = () => {
    if (stopped) return;
    inFlight = scheduleTick()
      .then((r) => {
        if (r.runs.length || r.skipped) {
          logger.info({ runs: r.runs.length, skipped: r.skipped }, "flows: schedule ticks fired");
        }
      })
      .catch((err: unknown) => logger.error({ err }, "flows: schedule pass failed"))
      .finally(() => {
        if (!stopped) timer = setTimeout(pass, interval - (Date.now() % interval) + 5);
      });
  };
  pass();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
