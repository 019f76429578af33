import { EventEmitter } from "node:events";
import pg from "pg";
import { databaseUrl } from "../../db/client";
import { logger } from "../../logger";

/** A run's or one of its nodes' status changed (ids and statuses only). */
export interface RunEvent {
  workspaceId: string;
  runId: string;
  nodeId?: string;
  itemKey?: string;
  status: string;
  responded?: boolean;
}

/**
 * One LISTEN connection per process on `flow_runs` (see migration
 * 20261206000300), fanned out by run id. Reconnects after a drop; a listener
 * that must not miss anything reads the row once after subscribing.
 */
interface ListenerState {
  emitter: EventEmitter;
  client?: pg.Client;
  connecting?: Promise<void>;
}
const store = globalThis as unknown as { __switchboardFlowEvents?: ListenerState };

function state(): ListenerState {
  if (!store.__switchboardFlowEvents) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    store.__switchboardFlowEvents = { emitter };
  }
  return store.__switchboardFlowEvents;
}

async function connect(s: ListenerState): Promise<void> {
  if (s.client) return;
  s.connecting ??= (async () => {
    const client = new pg.Client({ connectionString: databaseUrl() });
    client.on("notification", (msg) => {
      if (msg.channel !== "flow_runs" || !msg.payload) return;
      try {
        const e = JSON.parse(msg.payload) as RunEvent;
        s.emitter.emit(e.runId, e);
      } catch {
        // Not ours to fail on: the payload comes from our own trigger.
      }
    });
    const drop = () => {
      if (s.client === client) s.client = undefined;
      s.connecting = undefined;
      // Listeners reconnect on their next subscribe; wake current ones so they can re-read.
      s.emitter.emit("__reconnect");
    };
    client.on("error", (err) => {
      logger.warn({ err }, "flows: run events connection failed");
      drop();
    });
    client.on("end", drop);
    await client.connect();
    await client.query("listen flow_runs");
    s.client = client;
  })().finally(() => {
    s.connecting = undefined;
  });
  await s.connecting;
}

/** Calls `onEvent` for every status change of the run and its nodes; returns the unsubscribe. */
export async function subscribeRunEvents(runId: string, onEvent: (e: RunEvent) => void): Promise<() => void> {
  const s = state();
  await connect(s);
  s.emitter.on(runId, onEvent);
  return () => {
    s.emitter.off(runId, onEvent);
  };
}

/** Closes the connection (worker and test shutdown). */
export async function closeRunEvents(): Promise<void> {
  const s = store.__switchboardFlowEvents;
  const client = s?.client;
  if (!s || !client) return;
  s.client = undefined;
  await client.end().catch(() => undefined);
}
