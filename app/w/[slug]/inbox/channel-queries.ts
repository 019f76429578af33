"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import { toast } from "sonner";
import { api, errorMessage } from "@/components/api/client";
import { type MembersResponse, workspacePath } from "@/components/api/types";
import { chatKeys, conversationPath } from "@/components/chat/query-keys";
import type { DeliveryJson as Delivery } from "@/lib/channels/contract";

export type { DeliveryJson as Delivery } from "@/lib/channels/contract";

// Under the conversation's key: its live updates (and a delivery's) re-read these too.
const deliveriesKey = (slug: string, id: string) =>
  [...chatKeys.conversation(slug, id), "deliveries"] as const;
const membersKey = (slug: string) => [...chatKeys.conversations(slug), "members"] as const;

/** A channel conversation's deliveries, newest first. */
export function useDeliveries(slug: string, id: string, enabled: boolean) {
  return useQuery({
    queryKey: deliveriesKey(slug, id),
    queryFn: ({ signal }) =>
      api<{ deliveries: Delivery[] }>(conversationPath(slug, id, "/deliveries"), { signal }),
    enabled,
  });
}

/** Members by user id, for "who handles it" and a human reply's author. */
export function useMemberNames(slug: string) {
  const q = useQuery({
    queryKey: membersKey(slug),
    queryFn: ({ signal }) => api<MembersResponse>(workspacePath(slug, "/members"), { signal }),
    staleTime: 60_000,
  });
  const names = new Map((q.data?.members ?? []).map((m) => [m.userId, m.displayName || m.email]));
  return { names, me: q.data?.me.userId };
}

type Action = "take-over" | "hand-back" | "read";

/** Take over, hand back or mark read; the conversation is re-read afterwards. */
export function useConversationAction(slug: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: Action) =>
      api<{ ok: true }>(conversationPath(slug, id, `/${action}`), { method: "POST" }),
    onSuccess: (_d, action) => {
      if (action === "take-over") toast.success("You handle this conversation now; the bot stays silent.");
      if (action === "hand-back") toast.success("Handed back: the bot answers the next message.");
    },
    onError: (error, action) => {
      if (action !== "read") toast.error(errorMessage(error));
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: chatKeys.conversation(slug, id) }),
        queryClient.invalidateQueries({ queryKey: chatKeys.conversations(slug) }),
      ]),
  });
}

/** Reply to the customer as a person: stored, then delivered by the worker. */
/** At most one "typing" signal per this many ms: the widget shows it for 6 s after each. */
const TYPING_EVERY_MS = 2500;

/**
 * Tells the customer's side that a person is typing (the widget shows "typing…"), throttled.
 * Best effort: a failure only means the visitor does not see it.
 */
export function useTypingSignal(slug: string, id: string) {
  const last = useRef(0);
  return useCallback(() => {
    const now = Date.now();
    if (now - last.current < TYPING_EVERY_MS) return;
    last.current = now;
    api(conversationPath(slug, id, "/typing"), { method: "POST" }).catch(() => {});
  }, [slug, id]);
}

export function useHumanReply(slug: string, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) =>
      api(conversationPath(slug, id, "/reply"), { method: "POST", body: { text } }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: chatKeys.conversation(slug, id) }),
        queryClient.invalidateQueries({ queryKey: chatKeys.conversations(slug) }),
      ]),
  });
}

export function useRetryDelivery(slug: string, conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) =>
      api<{ ok: true }>(workspacePath(slug, `/deliveries/${encodeURIComponent(deliveryId)}/retry`), {
        method: "POST",
      }),
    onSuccess: () => toast.success("Sending again."),
    onError: (error) => toast.error(errorMessage(error)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: deliveriesKey(slug, conversationId) }),
  });
}
