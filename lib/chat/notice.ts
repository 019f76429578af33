import type { UIMessage } from "ai";

/**
 * A notice is an assistant message that is not an answer: a fixed sentence a
 * channel sends on its own (the WhatsApp "I can only read text" reply to a
 * media message). It is marked in its part's providerMetadata, which the
 * database reads too: a customer's text before it still gets the model's
 * answer (begin_chat_turn's 'reply', private.channel_reply_state).
 */
export type NoticeKind = "media";

export function noticeParts(text: string, kind: NoticeKind) {
  return [{ type: "text" as const, text, providerMetadata: { switchboard: { notice: kind } } }];
}

export function isNotice(parts: readonly unknown[]): boolean {
  const first = parts[0] as { providerMetadata?: { switchboard?: { notice?: unknown } } } | undefined;
  return typeof first?.providerMetadata?.switchboard?.notice === "string";
}

/**
 * The history a reply is written from ends with the customer's words: notices
 * said after them are left out, or the model would read the conversation as
 * its own unfinished answer (a last assistant message is a prefill to some
 * providers) instead of answering.
 */
export function withoutTrailingNotices<M extends Pick<UIMessage, "role" | "parts">>(history: M[]): M[] {
  let end = history.length;
  while (end > 0) {
    const m = history[end - 1] as M;
    if (m.role !== "assistant" || !isNotice(m.parts)) break;
    end--;
  }
  return end === history.length ? history : history.slice(0, end);
}
