"use client";

import { useState } from "react";
import { SectionCard } from "@/components/ui/card";
import { cn } from "@/lib/utils";
import { CopyButton } from "./copy-button";
import { buildSnippets, type Snippet } from "./snippets";

export interface ConnectConfig {
  mcpUrl: string;
  appUrl: string;
  stdioRepoPath?: string;
}

/** Ready-to-paste client configs; the just-created key is filled in while it is on screen. */
export function ConnectAssistant({ config, secret }: { config: ConnectConfig; secret?: string }) {
  const snippets = buildSnippets({ ...config, secret });
  const [selected, setSelected] = useState<Snippet["id"]>("claude-desktop");
  const current = snippets.find((s) => s.id === selected) ?? snippets[0];
  if (!current) return null;

  return (
    <SectionCard
      title="Connect an AI assistant"
      description={
        <>
          Switchboard's MCP server is at <code className="wrap-anywhere">{config.mcpUrl}</code>.{" "}
          {secret
            ? "These snippets include the key you just created."
            : "Create a key, then paste it where the snippets say sbk_..."}
        </>
      }
      contentClassName="grid min-w-0 gap-3"
    >
      <fieldset className="flex flex-wrap gap-1 rounded-lg bg-muted p-1">
        <legend className="sr-only">Client</legend>
        {snippets.map((s) => (
          <button
            key={s.id}
            type="button"
            aria-pressed={s.id === current.id}
            onClick={() => setSelected(s.id)}
            className={cn(
              "rounded-md px-3 py-1 text-sm font-medium text-muted-foreground outline-none transition-colors hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
              s.id === current.id && "bg-background text-foreground shadow-sm dark:bg-input/50",
            )}
          >
            {s.title}
          </button>
        ))}
      </fieldset>
      <p className="text-sm text-muted-foreground">{current.where}</p>
      <div className="relative min-w-0">
        {/* biome-ignore lint/a11y/useSemanticElements: the <pre> itself scrolls (on phones always), so it is the focusable, named region a keyboard scrolls */}
        <pre
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
          tabIndex={0}
          role="region"
          aria-label={`${current.title} configuration`}
          className="max-h-96 overflow-auto rounded-md border bg-muted/40 p-3 pr-24 font-mono text-xs leading-relaxed outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
          data-testid={`snippet-${current.id}`}
        >
          {current.text}
        </pre>
        <div className="absolute top-2 right-2">
          <CopyButton
            text={current.text}
            label={`Copy ${current.title} configuration`}
            what="Configuration"
          />
        </div>
      </div>
    </SectionCard>
  );
}
