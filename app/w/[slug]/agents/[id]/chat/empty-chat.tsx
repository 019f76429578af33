"use client";

import { MessageSquare, Sparkles } from "lucide-react";
import Link from "next/link";
import { chatSuggestions } from "@/components/chat/suggestions";
import type { AgentSummary } from "@/components/chat/types";
import { Button } from "@/components/ui/button";
import { toolLabel } from "../../_components/tool-catalog";

/**
 * A new chat: what the agent can do (its enabled tools, or that it has none) and starter
 * prompts that match, so a suggestion never asks for a tool the agent cannot call.
 */
export function EmptyChat({
  agent,
  editHref,
  onSuggestion,
}: {
  agent: AgentSummary;
  /** Set for members who may change the agent's tools. */
  editHref?: string;
  /** Absent for viewers, who cannot send. */
  onSuggestion?: (text: string) => void;
}) {
  const suggestions = chatSuggestions(agent.tools);
  return (
    <div className="flex flex-col items-center gap-3 px-2 py-8 text-center">
      <MessageSquare className="size-6 text-muted-foreground" aria-hidden="true" />
      <h2 className="font-medium">Chat with {agent.name}</h2>
      {agent.welcomeMessage ? (
        <p className="max-w-md whitespace-pre-line text-sm" data-testid="agent-welcome">
          {agent.welcomeMessage}
        </p>
      ) : null}
      <p className="max-w-md text-sm text-muted-foreground" data-testid="agent-tools">
        {agent.tools.length
          ? `Tools: ${agent.tools.map(toolLabel).join(", ")}.`
          : "This agent has no tools enabled, so it answers from its instructions alone."}{" "}
        {editHref ? (
          <Link href={editHref} className="underline underline-offset-4 hover:text-foreground">
            {agent.tools.length ? "Change tools" : "Enable tools"}
          </Link>
        ) : null}
      </p>
      <p className="text-sm text-muted-foreground">Conversations are saved to the workspace inbox.</p>
      {onSuggestion ? (
        <ul aria-label="Suggestions" className="mt-2 flex max-w-xl flex-wrap justify-center gap-2">
          {suggestions.map((s) => (
            <li key={s.text}>
              <Button
                variant="outline"
                size="sm"
                className="h-auto max-w-full whitespace-normal py-1.5 text-left"
                onClick={() => onSuggestion(s.text)}
              >
                <Sparkles aria-hidden="true" />
                {s.text}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
