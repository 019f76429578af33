"use client";

import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { agentPresets } from "@/lib/agents/presets";
import type { SectionProps } from "./agent-form-state";
import { bindField } from "./field-binding";
import { FormSection } from "./form-section";

export function InstructionsSection(props: SectionProps) {
  const { values, set, errors, disabled } = props;
  const preset = agentPresets[values.type];
  const canReset = !disabled && preset.instructions !== "" && values.instructions !== preset.instructions;
  return (
    <FormSection
      title="Instructions"
      description="The system prompt: who the agent is, what it should do and what it must not do."
    >
      <FormField
        id="agent-instructions"
        label="Instructions"
        error={errors.instructions}
        description={`${values.instructions.length.toLocaleString()} / 20,000 characters`}
      >
        <Textarea
          {...bindField(props, "instructions")}
          maxLength={20_000}
          rows={6}
          placeholder={disabled ? undefined : "You are a helpful assistant for…"}
          className="min-h-32 max-h-[50vh] overflow-y-auto leading-relaxed"
        />
      </FormField>
      {canReset ? (
        <div>
          <Button
            type="button"
            variant="outline"
            size="sm"
            onClick={() => set("instructions", preset.instructions)}
          >
            Use the {preset.label} preset text
          </Button>
        </div>
      ) : null}
    </FormSection>
  );
}
