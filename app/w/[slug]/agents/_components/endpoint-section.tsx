"use client";

import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { SectionProps } from "./agent-form-state";
import { SubSection } from "./form-section";

export function EndpointSection({ values, set, errors, disabled }: SectionProps) {
  return (
    <SubSection
      title="External endpoint"
      description="When set, replies come from POSTing to this URL instead of a model. Leave empty to use the model above."
    >
      <FormField
        id="agent-endpoint-url"
        label="Endpoint URL"
        error={errors.externalEndpointUrl}
        description="An http:// or https:// address on the public internet."
      >
        <Input
          type="url"
          inputMode="url"
          value={values.externalEndpointUrl}
          onChange={(e) => set("externalEndpointUrl", e.target.value)}
          disabled={disabled}
          placeholder={disabled ? undefined : "https://example.com/agent"}
          autoComplete="off"
          spellCheck={false}
        />
      </FormField>
      <FormField
        id="agent-endpoint-timeout"
        label="Timeout (ms)"
        error={errors.externalTimeoutMs}
        description="How long to wait for the endpoint (1,000–120,000)."
      >
        <Input
          type="number"
          inputMode="numeric"
          min={1000}
          max={120_000}
          step={1000}
          value={values.externalTimeoutMs}
          onChange={(e) => set("externalTimeoutMs", e.target.value)}
          disabled={disabled}
          className="sm:w-40"
        />
      </FormField>
    </SubSection>
  );
}
