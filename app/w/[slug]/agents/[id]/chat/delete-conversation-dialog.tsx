"use client";

import { useDeleteConversation } from "@/components/chat/conversation-mutations";
import { ConfirmDialog } from "@/components/confirm-delete-button";

export function DeleteConversationDialog({
  slug,
  conversationId,
  title,
  open,
  onOpenChange,
  onDeleted,
}: {
  slug: string;
  conversationId: string;
  title: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onDeleted: (id: string) => void;
}) {
  const remove = useDeleteConversation(slug);
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Delete this conversation?"
      description={`“${title}” and all its messages are deleted for everyone in the workspace. This cannot be undone.`}
      confirmLabel="Delete conversation"
      pending={remove.isPending}
      onConfirm={() =>
        remove.mutate(conversationId, {
          onSuccess: () => {
            onOpenChange(false);
            onDeleted(conversationId);
          },
        })
      }
    />
  );
}
