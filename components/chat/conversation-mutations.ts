"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { api, errorMessage } from "@/components/api/client";
import type { ConversationPatch } from "@/lib/conversations/contract";
import { chatKeys, conversationPath } from "./query-keys";
import type { ConversationSummary } from "./types";

export type { ConversationPatch } from "@/lib/conversations/contract";

/** PATCH a conversation; the detail cache takes the answer at once, lists are re-read. */
export function useUpdateConversation(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: ConversationPatch }) =>
      api<{ conversation: ConversationSummary }>(conversationPath(slug, id), {
        method: "PATCH",
        body: patch,
      }),
    onSuccess: (data, { id }) => {
      queryClient.setQueryData(chatKeys.conversationDetail(slug, id), data);
    },
    onError: (error) => toast.error(errorMessage(error)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: chatKeys.conversations(slug) }),
  });
}

export function useDeleteConversation(slug: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ ok: true }>(conversationPath(slug, id), { method: "DELETE" }),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: chatKeys.conversation(slug, id) });
      toast.success("Conversation deleted.");
      return queryClient.invalidateQueries({ queryKey: chatKeys.conversations(slug) });
    },
    onError: (error) => toast.error(errorMessage(error)),
  });
}

export const conversationTitle = (c: Pick<ConversationSummary, "title" | "contactName">) =>
  c.title?.trim() || c.contactName?.trim() || "Untitled conversation";
