"use client";

import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { type FormEvent, type ReactElement, type ReactNode, useState } from "react";
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

/**
 * A confirmation for a destructive action. The confirm button is a plain submit button, not
 * AlertDialogAction, so the dialog stays open (and busy) until the request succeeds. `children`
 * go between the description and the buttons (e.g. a "type the name" field).
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  trigger,
  title,
  description,
  confirmLabel,
  pending,
  confirmDisabled,
  onConfirm,
  children,
}: {
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** Omitted when something else opens it (a menu item). */
  trigger?: ReactElement;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: ReactNode;
  pending: boolean;
  confirmDisabled?: boolean;
  onConfirm: () => void;
  children?: ReactNode;
}) {
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!confirmDisabled && !pending) onConfirm();
  }
  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      {trigger ? <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger> : null}
      <AlertDialogContent>
        <form method="post" onSubmit={onSubmit} className="grid gap-4">
          <AlertDialogHeader>
            <AlertDialogTitle>{title}</AlertDialogTitle>
            <AlertDialogDescription>{description}</AlertDialogDescription>
          </AlertDialogHeader>
          {children}
          <AlertDialogFooter>
            <AlertDialogCancel type="button" disabled={pending}>
              Cancel
            </AlertDialogCancel>
            <Button type="submit" variant="destructive" disabled={confirmDisabled} loading={pending}>
              {confirmLabel}
            </Button>
          </AlertDialogFooter>
        </form>
      </AlertDialogContent>
    </AlertDialog>
  );
}

export interface ConfirmDeleteButtonProps {
  /** Shown in the title, the toast and the button's accessible name. */
  name: string;
  /** The resource's API path; answered with DELETE (or `method`). */
  path: string;
  method?: "DELETE" | "POST";
  /** Refreshed after the delete. */
  invalidate?: QueryKey;
  /** What deleting it does, in one or two sentences. */
  consequence: ReactNode;
  /** "Delete product", "Delete provider", … */
  confirmLabel: string;
  /** An icon-only trigger (tables) or a small labelled one (cards). */
  compact?: boolean;
  /** Replaces the default trash-can trigger. */
  trigger?: ReactElement;
  /** Defaults to "Delete <name>?". */
  title?: ReactNode;
  /** The success toast; defaults to "Deleted <name>.". */
  done?: string;
  /** After the success toast, before the refresh. */
  onDone?: () => void;
  /** `onDone` leaves the page: keep the button busy until it unloads. */
  leaves?: boolean;
}

/** A destructive action behind a confirmation; the server's refusal (e.g. "in use") is shown as is. */
export function ConfirmDeleteButton({
  name,
  path,
  method = "DELETE",
  invalidate,
  consequence,
  confirmLabel,
  compact = false,
  trigger,
  title = `Delete ${name}?`,
  done = `Deleted ${name}.`,
  onDone,
  leaves = false,
}: ConfirmDeleteButtonProps) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);

  const remove = useMutation({
    mutationFn: () => api<unknown>(path, { method }),
    onSuccess: () => {
      if (!leaves) setOpen(false);
      toast.success(done);
      onDone?.();
      return invalidate ? queryClient.invalidateQueries({ queryKey: invalidate }) : undefined;
    },
    onError: (error) => toast.error(errorMessage(error)),
  });

  return (
    <ConfirmDialog
      open={open}
      onOpenChange={setOpen}
      trigger={
        trigger ?? (
          <Button
            variant="ghost"
            size={compact ? "icon" : "sm"}
            className={compact ? "size-8 text-destructive" : "text-destructive"}
            aria-label={`Delete ${name}`}
          >
            <Trash2 aria-hidden="true" />
            {compact ? null : "Delete"}
          </Button>
        )
      }
      title={title}
      description={consequence}
      confirmLabel={confirmLabel}
      pending={remove.isPending || (leaves && remove.isSuccess)}
      onConfirm={() => remove.mutate()}
    />
  );
}
