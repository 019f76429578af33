import { EventEmitter } from "node:events";
import pg from "pg";
import { databaseUrl } from "../db/client";
import { logger } from "../logger";

export const CHANNEL = "switchboard_changes";
/** Payload: the id of an assistant message a member stopped (see stop_chat_reply). */
export const STOP_CHANNEL = "switchboard_chat_stop";
/** Payload: the id of a conversation whose operator is typing (lib/channels/typing.ts); never stored. */
export const TYPING_CHANNEL = "switchboard_typing";

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
  /**
   * The channels this process asked for, LISTENed on (again) by every connection. Only those: a
   * worker that only waits for Stop does not receive, parse and drop every change notification.
   */
  wanted: Set<string>;
  /** The channels the current connection LISTENs on (or is about to). */
  listened: Map<string, Promise<unknown>>;
}

// One LISTEN connection per process, shared by every open event stream.
const store = globalThis as unknown as { __switchboardListener?: ListenerState };

function state(): ListenerState {
  if (!store.__switchboardListener) {
    const emitter = new EventEmitter();
    emitter.setMaxListeners(0);
    store.__switchboardListener = { emitter, wanted: new Set(), listened: new Map() };
  }
  return store.__switchboardListener;
}

async function connect(s: ListenerState, url: string): Promise<void> {
  // Named, so an operator (and a test) can tell this process's LISTEN connection in pg_stat_activity.
  const client = new pg.Client({ connectionString: url, application_name: listenerName() });
  client.on("notification", (msg) => {
    if (msg.channel === STOP_CHANNEL && msg.payload) {
      s.emitter.emit(`stop:${msg.payload}`);
      return;
    }
    if (msg.channel === TYPING_CHANNEL && msg.payload) {
      s.emitter.emit(`typing:${msg.payload}`);
      return;
    }
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
    s.listened = new Map();
  });
  await client.connect();
  const channels = [...s.wanted];
  const listened = client.query(channels.map((c) => `listen ${c}`).join("; "));
  s.listened = new Map(channels.map((c) => [c, listened]));
  await listened;
  s.client = client;
}

export const listenerName = () => `switchboard:listener:${process.pid}`;

/** The process's listener, connected and LISTENing on `channel` (one of ours, never user input). */
async function listening(url: string, channel: string): Promise<ListenerState> {
  const s = state();
  s.wanted.add(channel);
  if (!s.client) {
    s.connecting ??= connect(s, url).finally(() => {
      s.connecting = undefined;
    });
    await s.connecting;
  }
  let ready = s.listened.get(channel);
  if (!ready) {
    ready = (s.client as pg.Client).query(`listen ${channel}`).catch((e: unknown) => {
      s.listened.delete(channel); // the next subscriber asks again
      throw e;
    });
    s.listened.set(channel, ready);
  }
  await ready;
  return s;
}

/** Calls `onEvent` for every change in one workspace until the returned function is called. */
export async function subscribeWorkspace(
  workspaceId: string,
  onEvent: (e: ChangeEvent) => void,
  url: string = databaseUrl(),
): Promise<() => void> {
  const s = await listening(url, CHANNEL);
  s.emitter.on(workspaceId, onEvent);
  return () => {
    s.emitter.off(workspaceId, onEvent);
  };
}

/**
 * Calls `onStop` once if the assistant message is stopped, from any process,
 * until the returned function is called. The id comes from our own insert and
 * the stop itself was authorised by RLS in stop_chat_reply.
 */
export async function subscribeChatStop(
  messageId: string,
  onStop: () => void,
  url: string = databaseUrl(),
): Promise<() => void> {
  const s = await listening(url, STOP_CHANNEL);
  s.emitter.once(`stop:${messageId}`, onStop);
  return () => {
    s.emitter.off(`stop:${messageId}`, onStop);
  };
}

/** Calls `onTyping` each time an operator signals typing in this conversation, until unsubscribed. */
export async function subscribeTyping(
  conversationId: string,
  onTyping: () => void,
  url: string = databaseUrl(),
): Promise<() => void> {
  const s = await listening(url, TYPING_CHANNEL);
  s.emitter.on(`typing:${conversationId}`, onTyping);
  return () => {
    s.emitter.off(`typing:${conversationId}`, onTyping);
  };
}

export async function closeListener(): Promise<void> {
  const s = store.__switchboardListener;
  store.__switchboardListener = undefined;
  await s?.client?.end();
}
