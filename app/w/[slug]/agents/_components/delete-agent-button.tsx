"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
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
import { type Agent, agentKeys, agentPath } from "./types";

/** Admin+ only (the caller decides whether to render it). `compact` shows just the icon. */
export function DeleteAgentButton({
  agent,
  compact = false,
  onDeleted,
}: {
  agent: Pick<Agent, "id" | "name">;
  compact?: boolean;
  onDeleted?: () => void;
}) {
  const { slug } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);

  const remove = useMutation({
    mutationFn: () => api<{ ok: true }>(agentPath(slug, agent.id), { method: "DELETE" }),
    onSuccess: async () => {
      setOpen(false);
      toast.success(`Deleted ${agent.name}.`);
      onDeleted?.();
      queryClient.removeQueries({ queryKey: agentKeys.one(slug, agent.id) });
      await queryClient.invalidateQueries({ queryKey: agentKeys.all(slug) });
    },
    onError: (error) => toast.error(errorMessage(error)),
  });

  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        {compact ? (
          <Button
            variant="ghost"
            size="icon"
            className="text-destructive"
            aria-label="Delete agent"
            title={`Delete ${agent.name}`}
          >
            <Trash2 aria-hidden="true" />
          </Button>
        ) : (
          <Button variant="outline" size="sm" className="text-destructive">
            <Trash2 aria-hidden="true" />
            Delete agent
          </Button>
        )}
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete {agent.name}?</AlertDialogTitle>
          <AlertDialogDescription>
            The agent and its version history are removed. Its conversations stay in the inbox, without an
            agent. This cannot be undone.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel disabled={remove.isPending}>Cancel</AlertDialogCancel>
          <Button variant="destructive" loading={remove.isPending} onClick={() => remove.mutate()}>
            Delete agent
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
