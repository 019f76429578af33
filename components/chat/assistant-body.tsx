"use client";

import { MessageError } from "./message-error";
import { MessageParts, TypingIndicator } from "./message-parts";
import { isInProgress } from "./messages";
import type { ChatMessage } from "./types";

/**
 * What an assistant message shows: its parts, dots while it is being written
 * (here or in another tab), and its error with an optional Retry.
 */
export function AssistantBody({
  message,
  streaming = false,
  error,
  onRetry,
}: {
  message: ChatMessage;
  streaming?: boolean;
  /** Overrides the stored error, e.g. the stream's own error before the row is re-read. */
  error?: string | null;
  onRetry?: () => void;
}) {
  const stored = message.metadata?.status === "error" ? message.metadata.error : null;
  const failure =
    error ?? stored?.message ?? (message.metadata?.status === "error" ? "The reply failed." : null);
  const empty = !message.parts.some((p) => (p.type === "text" ? p.text.length > 0 : p.type !== "step-start"));
  // A stored row stays empty until its writer finishes (e.g. a reply streaming in another tab).
  const writing = streaming || (isInProgress(message) && empty && !failure);
  return (
    <>
      {empty ? null : <MessageParts message={message} />}
      {writing ? <TypingIndicator /> : null}
      {failure ? <MessageError message={failure} onRetry={onRetry} /> : null}
    </>
  );
}
