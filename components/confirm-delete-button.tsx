"use client";

import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { type ReactNode, useState } from "react";
import { toast } from "sonner";
import { api, errorMessage } from "@/components/api/client";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";

export interface ConfirmDeleteButtonProps {
  /** Shown in the title, the toast and the button's accessible name. */
  name: string;
  /** The resource's API path; answered with DELETE. */
  path: string;
  /** Refreshed after the delete. */
  invalidate: QueryKey;
  /** What deleting it does, in one or two sentences. */
  consequence: ReactNode;
  /** "Delete product", "Delete provider", … */
  confirmLabel: string;
  /** An icon-only trigger (tables) or a small labelled one (cards). */
  compact?: boolean;
}

/** A destructive action behind a confirmation; the server's refusal (e.g. "in use") is shown as is. */
export function ConfirmDeleteButton({
  name,
  path,
  invalidate,
  consequence,
  confirmLabel,
  compact = false,
}: ConfirmDeleteButtonProps) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);

  const remove = useMutation({
    mutationFn: () => api<{ ok: true }>(path, { method: "DELETE" }),
    onSuccess: () => {
      setOpen(false);
      toast.success(`Deleted ${name}.`);
      return queryClient.invalidateQueries({ queryKey: invalidate });
    },
    onError: (error) => toast.error(errorMessage(error)),
  });

  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button
          variant="ghost"
          size={compact ? "icon" : "sm"}
          className={compact ? "size-8 text-destructive" : "text-destructive"}
          aria-label={`Delete ${name}`}
        >
          <Trash2 aria-hidden="true" />
          {compact ? null : "Delete"}
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete {name}?</AlertDialogTitle>
          <AlertDialogDescription>{consequence}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={remove.isPending}>Cancel</AlertDialogCancel>
          <Button variant="destructive" loading={remove.isPending} onClick={() => remove.mutate()}>
            {confirmLabel}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
