import pg from "pg";
import { logger } from "../logger";

/** Notified with a workspace id whenever its workspace_billing row changes (migration 20261208000120). */
export const BILLING_CHANNEL = "switchboard_billing";

interface ListenerState {
  client?: pg.Client;
  connecting?: Promise<void>;
  /** After a failure, wait before connecting again: the cache's TTL covers the gap. */
  retryAt: number;
}

const store = globalThis as unknown as { __switchboardBillingListener?: ListenerState };
const state = (): ListenerState => {
  store.__switchboardBillingListener ??= { retryAt: 0 };
  return store.__switchboardBillingListener;
};

/**
 * Starts (once per process, in the background) a LISTEN on the billing
 * channel that calls `onChange(workspaceId)` for every change of a plan, from
 * any process. Never waited on by a check, never keeps the process alive; if
 * it cannot connect, the plan cache's few-second TTL still bounds staleness.
 */
export function listenForPlanChanges(url: string, onChange: (workspaceId: string) => void): void {
  const s = state();
  if (s.client || s.connecting || Date.now() < s.retryAt) return;
  const client = new pg.Client({ connectionString: url });
  s.connecting = (async () => {
    client.on("notification", (msg) => {
      if (msg.channel === BILLING_CHANNEL && msg.payload) onChange(msg.payload);
    });
    client.on("error", (err) => {
      logger.warn({ err: err.message }, "billing: plan-change listener lost; plans refresh within seconds");
      if (s.client === client) s.client = undefined;
      s.retryAt = Date.now() + 5_000;
    });
    await client.connect();
    // A listener must not hold a process open (scripts, tests, a worker shutting down).
    (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
    await client.query(`listen ${BILLING_CHANNEL}`);
    s.client = client;
  })()
    .catch((err: unknown) => {
      logger.warn({ err }, "billing: could not listen for plan changes; plans refresh within seconds");
      s.retryAt = Date.now() + 5_000;
      void client.end().catch(() => {});
    })
    .finally(() => {
      s.connecting = undefined;
    });
}

/** Ends this process's listener (tests, shutdown). */
export async function closePlanListener(): Promise<void> {
  const s = store.__switchboardBillingListener;
  store.__switchboardBillingListener = undefined;
  await s?.connecting;
  await s?.client?.end();
}
