"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Ban } from "lucide-react";
import { useState } from "react";
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
import { useCurrentWorkspace } from "../../_components/workspace-context";
import { type ApiKey, apiKeyKeys, apiKeysPath } from "./types";

export function RevokeKeyButton({ apiKey }: { apiKey: ApiKey }) {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);

  const revoke = useMutation({
    mutationFn: () => api<{ key: ApiKey }>(apiKeysPath(slug, apiKey.id), { method: "DELETE" }),
    onSuccess: () => {
      setOpen(false);
      toast.success(`Revoked ${apiKey.name}.`);
      return queryClient.invalidateQueries({ queryKey: apiKeyKeys.all(slug) });
    },
    onError: (error) => toast.error(errorMessage(error)),
  });

  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button variant="ghost" size="sm" className="text-destructive" aria-label={`Revoke ${apiKey.name}`}>
          <Ban aria-hidden="true" />
          {/* Phones show the icon alone; the aria-label names the key either way. */}
          <span className="hidden sm:inline">Revoke</span>
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Revoke {apiKey.name}?</AlertDialogTitle>
          <AlertDialogDescription>
            Anything using this key ({apiKey.prefix}…) stops working on its next request. This cannot be
            undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={revoke.isPending}>Cancel</AlertDialogCancel>
          <Button variant="destructive" loading={revoke.isPending} onClick={() => revoke.mutate()}>
            Revoke key
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
