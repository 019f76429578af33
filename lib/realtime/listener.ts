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
  });
  await client.connect();
  await client.query(`listen ${CHANNEL}; listen ${STOP_CHANNEL}; listen ${TYPING_CHANNEL}`);
  s.client = client;
}

async function listening(url: string): Promise<ListenerState> {
  const s = state();
  if (!s.client) {
    s.connecting ??= connect(s, url).finally(() => {
      s.connecting = undefined;
    });
    await s.connecting;
  }
  return s;
}

/** Calls `onEvent` for every change in one workspace until the returned function is called. */
export async function subscribeWorkspace(
  workspaceId: string,
  onEvent: (e: ChangeEvent) => void,
  url: string = databaseUrl(),
): Promise<() => void> {
  const s = await listening(url);
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
  const s = await listening(url);
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
  const s = await listening(url);
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
