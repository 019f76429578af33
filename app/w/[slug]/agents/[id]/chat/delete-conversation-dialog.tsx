"use client";

import { useDeleteConversation } from "@/components/chat/conversation-mutations";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";

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
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete this conversation?</AlertDialogTitle>
          <AlertDialogDescription>
            “{title}” and all its messages are deleted for everyone in the workspace. This cannot be undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={remove.isPending}>Cancel</AlertDialogCancel>
          {/* A plain button, not AlertDialogAction, so the dialog stays open until the request succeeds. */}
          <Button
            variant="destructive"
            loading={remove.isPending}
            onClick={() =>
              remove.mutate(conversationId, {
                onSuccess: () => {
                  onOpenChange(false);
                  onDeleted(conversationId);
                },
              })
            }
          >
            Delete conversation
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
