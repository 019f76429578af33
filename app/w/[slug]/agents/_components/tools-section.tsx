"use client";

import { Label } from "@/components/ui/label";
import type { SectionProps } from "./agent-form-state";
import { Checkbox } from "./checkbox";
import { toolCatalog } from "./tool-catalog";
import type { BuiltinToolName } from "./types";

/** The built-in tools, as one group of checkboxes (inside the model card). */
export function ToolsSection({ values, set, errors, disabled }: SectionProps) {
  function toggle(name: BuiltinToolName, on: boolean) {
    const next = on ? [...values.tools, name] : values.tools.filter((t) => t !== name);
    // Keep catalog order so a re-ordered list never counts as a change.
    set(
      "tools",
      toolCatalog.map((t) => t.name).filter((t) => next.includes(t)),
    );
  }

  return (
    <fieldset className="grid gap-3">
      <legend className="mb-1 text-sm font-medium">Tools</legend>
      <p className="-mt-2 text-sm text-muted-foreground">Actions the agent may take while answering.</p>
      <ul className="grid gap-x-4 gap-y-3 sm:grid-cols-2">
        {toolCatalog.map((tool) => {
          const id = `tool-${tool.name}`;
          return (
            <li key={tool.name} className="flex items-start gap-3">
              <Checkbox
                id={id}
                checked={values.tools.includes(tool.name)}
                onCheckedChange={(checked) => toggle(tool.name, checked === true)}
                disabled={disabled}
                aria-describedby={`${id}-description`}
                className="mt-0.5"
              />
              <div className="grid min-w-0 gap-1">
                <Label htmlFor={id}>{tool.label}</Label>
                <p id={`${id}-description`} className="text-xs text-muted-foreground">
                  {tool.description}
                </p>
              </div>
            </li>
          );
        })}
      </ul>
      {errors.tools ? <p className="text-sm text-destructive">{errors.tools}</p> : null}
    </fieldset>
  );
}
