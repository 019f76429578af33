"use client";

import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { SectionProps } from "./agent-form-state";
import { bindField, numberInput } from "./field-binding";
import { SubSection } from "./form-section";
import { Switch } from "./switch";

export function KnowledgeSection(props: SectionProps) {
  const { values, set, errors, disabled } = props;
  return (
    <SubSection
      title="Knowledge"
      description="Retrieval from this agent's documents. Used once documents are added."
    >
      <div className="flex items-center gap-3">
        <Switch
          id="agent-rag"
          checked={values.ragEnabled}
          onCheckedChange={(on) => set("ragEnabled", on)}
          disabled={disabled}
        />
        <Label htmlFor="agent-rag">Enable knowledge (RAG)</Label>
      </div>
      {errors.ragEnabled ? <p className="text-sm text-destructive">{errors.ragEnabled}</p> : null}
      <FormField
        id="agent-rag-top-k"
        label="Top K"
        error={errors.ragTopK}
        description="How many document passages to add to each reply's context (1–50)."
      >
        <Input {...numberInput(1, 50, 1)} {...bindField(props, "ragTopK")} className="sm:w-32" />
      </FormField>
    </SubSection>
  );
}
