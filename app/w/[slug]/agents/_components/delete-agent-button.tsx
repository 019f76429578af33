"use client";

import { useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { ConfirmDeleteButton } from "@/components/confirm-delete-button";
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
  return (
    <ConfirmDeleteButton
      name={agent.name}
      path={agentPath(slug, agent.id)}
      invalidate={agentKeys.all(slug)}
      consequence="The agent and its version history are removed. Its conversations stay in the inbox, without an agent. This cannot be undone."
      confirmLabel="Delete agent"
      onDone={() => {
        onDeleted?.();
        queryClient.removeQueries({ queryKey: agentKeys.one(slug, agent.id) });
      }}
      trigger={
        compact ? (
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
        )
      }
    />
  );
}
