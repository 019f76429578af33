import { EventEmitter } from "node:events";
import pg from "pg";
import { databaseUrl } from "../db/client";
import { logger } from "../logger";

export const CHANNEL = "switchboard_changes";

export interface ChangeEvent {
  kind: "message" | "conversation";
  op: "insert" | "update" | "delete";
  workspaceId: string;
  conversationId: string;
  messageId?: string;
  index?: number;
}

interface ListenerState {
  emitter: EventEmitter;
  client?: pg.Client;
  connecting?: Promise<void>;
}

// One LISTEN connection per process, shared by every open event stream.
const store = globalThis as unknown as { __switchboardListener?: ListenerState };

function state(): ListenerState {
  if (!store.__switchboardListener) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    store.__switchboardListener = { emitter };
  }
  return store.__switchboardListener;
}

async function connect(s: ListenerState, url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on("notification", (msg) => {
    if (msg.channel !== CHANNEL || !msg.payload) return;
    try {
      const event = JSON.parse(msg.payload) as ChangeEvent;
      s.emitter.emit(event.workspaceId, event);
    } catch (e) {
      logger.warn({ err: e }, "realtime: unreadable notification");
    }
  });
  client.on("error", (e) => {
    logger.error({ err: e }, "realtime: listener connection lost; reconnecting on next subscribe");
    s.client = undefined;
  });
  await client.connect();
  await client.query(`listen ${CHANNEL}`);
  s.client = client;
}

/** Calls `onEvent` for every change in one workspace until the returned function is called. */
export async function subscribeWorkspace(
  workspaceId: string,
  onEvent: (e: ChangeEvent) => void,
  url: string = databaseUrl(),
): Promise<() => void> {
  const s = state();
  if (!s.client) {
    s.connecting ??= connect(s, url).finally(() => {
      s.connecting = undefined;
    });
    await s.connecting;
  }
  s.emitter.on(workspaceId, onEvent);
  return () => {
    s.emitter.off(workspaceId, onEvent);
  };
}

export async function closeListener(): Promise<void> {
  const s = store.__switchboardListener;
  store.__switchboardListener = undefined;
  await s?.client?.end();
}
