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
          const id = `agent-type-${preset.type}`;
          // The whole card is the label's hit area; the radio's name is the preset's, the rest describes it.
          return (
            <div
              key={preset.type}
              className={cn(
                "relative flex gap-3 rounded-lg border bg-card p-3 text-sm shadow-xs transition-colors hover:bg-accent/50",
                "has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50",
                checked && "border-primary ring-1 ring-primary",
                disabled && "opacity-60",
              )}
            >
              <input
                id={id}
                type="radio"
                name="agent-type"
                value={preset.type}
                checked={checked}
                disabled={disabled}
                onChange={() => onTypeChange(preset.type)}
                aria-describedby={`${id}-description`}
                className="mt-0.5 size-4 shrink-0 accent-primary"
              />
              <div className="grid min-w-0 gap-1">
                <label
                  htmlFor={id}
                  className={cn(
                    "font-medium after:absolute after:inset-0 after:rounded-lg",
                    disabled ? "cursor-not-allowed" : "cursor-pointer",
                  )}
                >
                  {preset.label}
                </label>
                <span id={`${id}-description`} className="grid gap-1">
                  <span className="text-muted-foreground">{preset.summary}</span>
                  <span className="text-xs text-muted-foreground">
                    {preset.tools.length
                      ? `Tools: ${preset.tools.map(toolLabel).join(", ")}`
                      : "No tools: pick your own below"}
                  </span>
                </span>
              </div>
            </div>
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
