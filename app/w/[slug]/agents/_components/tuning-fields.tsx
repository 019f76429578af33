"use client";

import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { SectionProps } from "./agent-form-state";
import { bindField, numberInput } from "./field-binding";
import { describedBy, FieldShell } from "./field-shell";
import { SubSection } from "./form-section";

/** How the model answers: temperature and the step limit. */
export function TuningFields(props: SectionProps) {
  const { values, set, errors, disabled } = props;
  return (
    <SubSection title="Model tuning">
      <div className="grid gap-4 sm:grid-cols-2">
        <FieldShell
          id="agent-temperature"
          label="Temperature"
          error={errors.temperature}
          description="0 is focused and repeatable, 2 is most varied."
        >
          <div className="flex items-center gap-3">
            <Input
              id="agent-temperature"
              {...numberInput(0, 2, 0.1, "decimal")}
              {...bindField(props, "temperature")}
              aria-invalid={errors.temperature ? true : undefined}
              aria-describedby={describedBy("agent-temperature", true, errors.temperature)}
              className="w-24"
            />
            {/* A pointer shortcut for the number field, which stays the accessible control. */}
            <input
              type="range"
              min={0}
              max={2}
              step={0.1}
              value={Number(values.temperature) || 0}
              onChange={(e) => set("temperature", e.target.value)}
              disabled={disabled}
              aria-hidden="true"
              tabIndex={-1}
              className="min-w-0 flex-1 accent-primary disabled:opacity-50"
            />
          </div>
        </FieldShell>
        <FormField
          id="agent-max-steps"
          label="Max steps"
          error={errors.maxSteps}
          description="Model calls per reply, counting each round of tool use (1–20)."
        >
          <Input {...numberInput(1, 20, 1)} {...bindField(props, "maxSteps")} className="sm:w-32" />
        </FormField>
      </div>
    </SubSection>
  );
}
