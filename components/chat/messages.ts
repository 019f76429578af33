import type { ChatMessage, MessageError, StoredMessage } from "./types";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** The stored `error` column is jsonb: read it defensively. */
export function parseMessageError(value: unknown): MessageError | null {
  if (!isRecord(value)) return null;
  return {
    code: typeof value.code === "string" ? value.code : "error",
    message: typeof value.message === "string" ? value.message : "The reply failed.",
    retryable: value.retryable !== false,
  };
}

/** A request error from the chat transport: its message is the API's JSON error envelope, or plain text. */
export function describeChatError(error: Error | undefined): string {
  if (!error) return "The reply failed.";
  try {
    const body: unknown = JSON.parse(error.message);
    if (isRecord(body) && isRecord(body.error) && typeof body.error.message === "string") {
      return body.error.message;
    }
  } catch {
    // not JSON: a stream error already carries a readable message
  }
  if (error.message === "Failed to fetch") return "Could not reach the server. Check your connection.";
  return error.message || "The reply failed.";
}

export function toChatMessage(m: StoredMessage): ChatMessage | null {
  if (m.role !== "user" && m.role !== "assistant") return null;
  return {
    id: m.id,
    role: m.role,
    parts: Array.isArray(m.parts) ? m.parts : [],
    metadata: {
      messageId: m.id,
      index: m.index,
      model: m.model,
      status: m.status,
      error: m.status === "error" ? parseMessageError(m.error) : null,
      inputTokens: m.inputTokens,
      outputTokens: m.outputTokens,
      latencyFirstTokenMs: m.latencyFirstTokenMs,
      latencyTotalMs: m.latencyTotalMs,
      createdAt: m.createdAt,
      createdBy: m.createdBy,
    },
  };
}

export function toChatMessages(messages: StoredMessage[]): ChatMessage[] {
  return messages.flatMap((m) => toChatMessage(m) ?? []);
}

export function textOf(message: Pick<ChatMessage, "parts">): string {
  return message.parts
    .map((p) => (p.type === "text" ? p.text : ""))
    .join("")
    .trim();
}

export const isInProgress = (m: ChatMessage) =>
  m.metadata?.status === "pending" || m.metadata?.status === "streaming";

/**
 * The stored index of a user message: known once synced from the server, or one
 * below the index the server streamed for the reply that followed it.
 */
export function storedIndexOf(messages: ChatMessage[], at: number): number | undefined {
  const own = messages[at]?.metadata?.index;
  if (own !== undefined) return own;
  const next = messages[at + 1];
  const nextIndex = next?.role === "assistant" ? next.metadata?.index : undefined;
  return nextIndex !== undefined ? nextIndex - 1 : undefined;
}

/**
 * The server's copy wins: it has ids, indexes, usage and final parts. Kept from
 * the local copy: older pages the server page does not cover, the parts of a
 * reply still being written (the row is empty until it finishes), and, after a
 * failed request, a trailing user message the server never stored.
 */
export function mergeServerMessages(
  local: ChatMessage[],
  server: StoredMessage[],
  keepUnsaved: boolean,
): ChatMessage[] {
  const fresh = toChatMessages(server);
  const first = server[0]?.index ?? Number.POSITIVE_INFINITY;
  const older = local.filter((m) => (m.metadata?.index ?? Number.POSITIVE_INFINITY) < first);
  const localById = new Map(local.map((m) => [m.id, m]));
  const merged = fresh.map((m) => {
    const mine = localById.get(m.id);
    return isInProgress(m) && mine && mine.parts.length > 0 ? { ...m, parts: mine.parts } : m;
  });
  const last = local.at(-1);
  const lastStoredUser = merged.findLast((m) => m.role === "user");
  const storedAlready = Boolean(last && lastStoredUser && textOf(lastStoredUser) === textOf(last));
  const unsaved =
    keepUnsaved && last?.role === "user" && last.metadata?.index === undefined && !storedAlready
      ? [last]
      : [];
  return [...older, ...merged, ...unsaved];
}
