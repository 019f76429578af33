"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { api, errorMessage } from "@/components/api/client";
import { type Member, queryKeys, workspacePath } from "@/components/api/types";
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
import { useCurrentWorkspace } from "../_components/workspace-context";

export function RemoveMemberButton({ member }: { member: Member }) {
  const { slug, name } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);

  const remove = useMutation({
    mutationFn: () =>
      api<{ ok: true }>(workspacePath(slug, `/members/${encodeURIComponent(member.userId)}`), {
        method: "DELETE",
      }),
    onSuccess: () => {
      setOpen(false);
      toast.success(`Removed ${member.email} from ${name}.`);
      return queryClient.invalidateQueries({ queryKey: queryKeys.workspace(slug) });
    },
    onError: (error) => toast.error(errorMessage(error)),
  });

  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button variant="ghost" size="sm" className="text-destructive" aria-label={`Remove ${member.email}`}>
          Remove
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Remove {member.email}?</AlertDialogTitle>
          <AlertDialogDescription>
            They lose access to {name} immediately. You can invite them again later.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={remove.isPending}>Cancel</AlertDialogCancel>
          {/* A plain button, not AlertDialogAction, so the dialog stays open until the request succeeds. */}
          <Button variant="destructive" loading={remove.isPending} onClick={() => remove.mutate()}>
            Remove member
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
