/**
 * Channel adapters: one per vendor, registered by a side-effect import in
 * ./adapters/index.ts. The core (inbound, reply, deliver, handoff) never knows
 * a vendor's wire format; an adapter never touches the database.
 */

export type AdapterChannel = "chatwoot" | "whatsapp" | "widget" | "api";

export interface AdapterContext {
  workspaceId: string;
  inboxId: string;
  settings: Record<string, unknown>;
  /** Decrypts one of the inbox's secrets (inbox_secrets); undefined when not set. */
  secret(name: string): Promise<string | undefined>;
  /** SSRF-guarded: every vendor URL comes from a workspace's settings. */
  fetch: typeof fetch;
}

export interface ConversationTarget {
  conversationId: string;
  externalRef: string | null;
  contactRef: string | null;
  lastInboundAt: Date | null;
}

export interface ChannelAdapter {
  channel: AdapterChannel;
  /** Delivers one text message; answers the vendor's message id. Throws ChannelSendError on failure. */
  sendText(ctx: AdapterContext, to: ConversationTarget, text: string): Promise<{ externalId?: string }>;
  /** Replaces the conversation's vendor labels with `tags` (the whole set). */
  setLabels?(ctx: AdapterContext, to: ConversationTarget, tags: string[]): Promise<void>;
  /** Opens the conversation for humans on the vendor's side. */
  handoff?(ctx: AdapterContext, to: ConversationTarget, reason: string): Promise<void>;
  /** May a free-form message be sent now? (WhatsApp's 24-hour window.) Default: yes. */
  canSendFreeForm?(to: ConversationTarget): { ok: true } | { ok: false; code: string; message: string };
}

/** A failed send. `retryable`: the worker tries again later (5xx, 429, a timeout); otherwise it fails now. */
export class ChannelSendError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, opts: { retryable: boolean; cause?: unknown }) {
    super(message, { cause: opts.cause });
    this.name = "ChannelSendError";
    this.code = code;
    this.retryable = opts.retryable;
  }
}

export const isChannelSendError = (e: unknown): e is ChannelSendError =>
  e instanceof Error &&
  e.name === "ChannelSendError" &&
  typeof (e as ChannelSendError).retryable === "boolean";

// One registry per process, shared by every copy of this module a bundler may load.
const store = globalThis as unknown as { __switchboardChannelAdapters?: Map<AdapterChannel, ChannelAdapter> };
if (!store.__switchboardChannelAdapters) store.__switchboardChannelAdapters = new Map();
const registry = store.__switchboardChannelAdapters;

/** Registers (or replaces: tests install fakes) the adapter of a channel. */
export function registerAdapter(a: ChannelAdapter): void {
  registry.set(a.channel, a);
}

/** Removes a channel's adapter (tests put back what was there before their fake). */
export function unregisterAdapter(channel: AdapterChannel): void {
  registry.delete(channel);
}

/** The adapter of a channel, or undefined (the web inbox has none: its messages are read in the app). */
export function adapterFor(channel: string): ChannelAdapter | undefined {
  return registry.get(channel as AdapterChannel);
}

/** The default when an adapter says nothing: a free-form message may always be sent. */
export function canSendFreeForm(
  adapter: ChannelAdapter | undefined,
  to: ConversationTarget,
): { ok: true } | { ok: false; code: string; message: string } {
  return adapter?.canSendFreeForm?.(to) ?? { ok: true };
}
