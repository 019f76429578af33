"use client";

import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { agentPresets } from "@/lib/agents/presets";
import type { SectionProps } from "./agent-form-state";
import { describedBy, FieldShell } from "./field-shell";
import { FormSection } from "./form-section";
import type { AgentType } from "./types";

const types = Object.values(agentPresets);

export function BasicsSection({
  values,
  set,
  errors,
  disabled,
  onTypeChange,
}: SectionProps & { onTypeChange: (type: AgentType) => void }) {
  return (
    <FormSection title="Basics" description="How the agent appears in the workspace.">
      <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
        <FormField id="agent-name" label="Name" error={errors.name}>
          <Input
            value={values.name}
            onChange={(e) => set("name", e.target.value)}
            disabled={disabled}
            maxLength={80}
            autoComplete="off"
            required
          />
        </FormField>
        <FormField id="agent-avatar" label="Avatar emoji" error={errors.avatar}>
          <Input
            value={values.avatar}
            onChange={(e) => set("avatar", e.target.value)}
            disabled={disabled}
            maxLength={16}
            placeholder={disabled ? undefined : "🤖"}
            autoComplete="off"
          />
        </FormField>
      </div>
      <FormField id="agent-description" label="Description" error={errors.description}>
        <Input
          value={values.description}
          onChange={(e) => set("description", e.target.value)}
          disabled={disabled}
          maxLength={500}
          placeholder={disabled ? undefined : "What this agent is for"}
          autoComplete="off"
        />
      </FormField>
      <FieldShell
        id="agent-type"
        label="Type"
        error={errors.type}
        description={agentPresets[values.type].summary}
      >
        <Select
          value={values.type}
          onValueChange={(value) => onTypeChange(value as AgentType)}
          disabled={disabled}
        >
          <SelectTrigger
            id="agent-type"
            className="w-full sm:w-64"
            aria-invalid={errors.type ? true : undefined}
            aria-describedby={describedBy("agent-type", true, errors.type)}
          >
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {types.map((preset) => (
              <SelectItem key={preset.type} value={preset.type}>
                {preset.label}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </FieldShell>
    </FormSection>
  );
}
