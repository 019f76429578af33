"use client";

import { agentPresets } from "@/lib/agents/presets";
import { cn } from "@/lib/utils";
import type { SectionProps } from "./agent-form-state";
import { toolLabel } from "./tool-catalog";
import type { AgentType } from "./types";

const presets = Object.values(agentPresets);

/**
 * The form's first choice: a preset fills the instructions and turns on its tools, and each
 * card says which tools those are, so "no calculator" is visible before the agent exists.
 */
export function PresetPicker({
  values,
  errors,
  disabled,
  onTypeChange,
}: SectionProps & { onTypeChange: (type: AgentType) => void }) {
  return (
    <fieldset className="grid gap-3" aria-describedby={errors.type ? "agent-type-error" : undefined}>
      <legend className="mb-3 text-base font-semibold">Start from a preset</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        {presets.map((preset) => {
          const checked = values.type === preset.type;
          return (
            <label
              key={preset.type}
              className={cn(
                "flex cursor-pointer gap-3 rounded-lg border bg-card p-3 text-sm shadow-xs transition-colors hover:bg-accent/50",
                "has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50",
                checked && "border-primary ring-1 ring-primary",
                disabled && "cursor-not-allowed opacity-60",
              )}
            >
              <input
                type="radio"
                name="agent-type"
                value={preset.type}
                checked={checked}
                disabled={disabled}
                onChange={() => onTypeChange(preset.type)}
                className="mt-0.5 size-4 shrink-0 accent-primary"
              />
              <span className="grid min-w-0 gap-1">
                <span className="font-medium">{preset.label}</span>
                <span className="text-muted-foreground">{preset.summary}</span>
                <span className="text-xs text-muted-foreground">
                  {preset.tools.length
                    ? `Tools: ${preset.tools.map(toolLabel).join(", ")}`
                    : "No tools: pick your own below"}
                </span>
              </span>
            </label>
          );
        })}
      </div>
      {errors.type ? (
        <p id="agent-type-error" className="text-sm text-destructive">
          {errors.type}
        </p>
      ) : null}
    </fieldset>
  );
}
