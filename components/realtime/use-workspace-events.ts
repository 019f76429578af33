"use client";

import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { workspacePath } from "@/components/api/types";
import { chatKeys } from "@/components/chat/query-keys";

/** One change notification: ids only, the data itself is re-read through the API. */
export interface WorkspaceChange {
  kind: "message" | "conversation";
  op: "insert" | "update" | "delete";
  workspaceId: string;
  conversationId: string;
  messageId?: string;
  index?: number;
}

export type RealtimeStatus = "connecting" | "live" | "reconnecting" | "closed";

const MIN_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
/** A reply fires several notifications in a burst; one re-read per conversation covers them. */
const COALESCE_MS = 150;

function parseChange(data: unknown): WorkspaceChange | null {
  if (typeof data !== "string") return null;
  try {
    const value = JSON.parse(data) as Partial<WorkspaceChange>;
    return typeof value.conversationId === "string" &&
      (value.kind === "message" || value.kind === "conversation")
      ? (value as WorkspaceChange)
      : null;
  } catch {
    return null;
  }
}

function invalidate(queryClient: QueryClient, slug: string, conversationIds: Iterable<string>) {
  void queryClient.invalidateQueries({ queryKey: chatKeys.conversations(slug) });
  for (const id of conversationIds) {
    void queryClient.invalidateQueries({ queryKey: chatKeys.conversation(slug, id) });
  }
}

/**
 * Subscribes to the workspace's change stream (use once per page) and invalidates
 * the conversation lists and the changed conversation's queries. Reconnects with
 * exponential backoff; after a reconnect everything chat-related is re-read,
 * since changes made meanwhile were missed.
 */
export function useWorkspaceEvents(
  slug: string,
  onChange?: (change: WorkspaceChange) => void,
): RealtimeStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<RealtimeStatus>("connecting");
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });

  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let flush: ReturnType<typeof setTimeout> | undefined;
    const pending = new Set<string>();
    let attempt = 0;
    let connectedBefore = false;
    let stopped = false;

    const connect = () => {
      source = new EventSource(workspacePath(slug, "/events"));
      source.addEventListener("ready", () => {
        attempt = 0;
        setStatus("live");
        if (connectedBefore) {
          void queryClient.invalidateQueries({ queryKey: chatKeys.conversations(slug) });
          void queryClient.invalidateQueries({ queryKey: chatKeys.anyConversation(slug) });
        }
        connectedBefore = true;
      });
      source.addEventListener("change", (event) => {
        const change = parseChange((event as MessageEvent).data);
        if (!change) return;
        pending.add(change.conversationId);
        flush ??= setTimeout(() => {
          flush = undefined;
          invalidate(queryClient, slug, pending);
          pending.clear();
        }, COALESCE_MS);
        onChangeRef.current?.(change);
      });
      // The server ends the stream for good (e.g. the user left the workspace).
      source.addEventListener("closed", () => {
        stopped = true;
        source?.close();
        setStatus("closed");
      });
      source.onerror = () => {
        source?.close();
        if (stopped) return;
        setStatus("reconnecting");
        const delay = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** attempt);
        attempt += 1;
        retry = setTimeout(connect, delay * (0.5 + Math.random() / 2));
      };
    };

    connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearTimeout(flush);
      source?.close();
    };
  }, [slug, queryClient]);

  return status;
}
