"use client";

import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { SectionProps } from "./agent-form-state";
import { bindField, numberInput } from "./field-binding";
import { SubSection } from "./form-section";

export function EndpointSection(props: SectionProps) {
  const { errors, disabled } = props;
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
          {...bindField(props, "externalEndpointUrl")}
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
          {...numberInput(1000, 120_000, 1000)}
          {...bindField(props, "externalTimeoutMs")}
          className="sm:w-40"
        />
      </FormField>
    </SubSection>
  );
}
