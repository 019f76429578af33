"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { api, errorMessage } from "@/components/api/client";
import { queryKeys } from "@/components/api/types";
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
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { type ProviderConnection, providerPath } from "./types";

export function DeleteProviderButton({ connection }: { connection: ProviderConnection }) {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);

  const remove = useMutation({
    mutationFn: () => api<{ ok: true }>(providerPath(slug, connection.id), { method: "DELETE" }),
    onSuccess: () => {
      setOpen(false);
      toast.success(`Deleted ${connection.name}.`);
      // Agents that used it fall back to the offline model, so agent views refresh too.
      return queryClient.invalidateQueries({ queryKey: queryKeys.workspace(slug) });
    },
    onError: (error) => toast.error(errorMessage(error)),
  });

  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button
          variant="ghost"
          size="sm"
          className="text-destructive"
          aria-label={`Delete ${connection.name}`}
        >
          <Trash2 aria-hidden="true" />
          Delete
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete {connection.name}?</AlertDialogTitle>
          <AlertDialogDescription>
            Its saved key is erased. Agents that use this connection need another model before they can answer
            again.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={remove.isPending}>Cancel</AlertDialogCancel>
          <Button variant="destructive" loading={remove.isPending} onClick={() => remove.mutate()}>
            Delete provider
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
