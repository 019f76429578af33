"use client";

import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { SectionProps } from "./agent-form-state";
import { bindField } from "./field-binding";
import { FormSection } from "./form-section";

export function BasicsSection(props: SectionProps) {
  const { errors, disabled } = props;
  return (
    <FormSection title="Basics" description="How the agent appears in the workspace.">
      <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
        <FormField id="agent-name" label="Name" error={errors.name}>
          <Input {...bindField(props, "name")} maxLength={80} autoComplete="off" required />
        </FormField>
        <FormField id="agent-avatar" label="Avatar emoji" error={errors.avatar}>
          <Input
            {...bindField(props, "avatar")}
            maxLength={16}
            placeholder={disabled ? undefined : "🤖"}
            autoComplete="off"
          />
        </FormField>
      </div>
      <FormField id="agent-description" label="Description" error={errors.description}>
        <Input
          {...bindField(props, "description")}
          maxLength={500}
          placeholder={disabled ? undefined : "What this agent is for"}
          autoComplete="off"
        />
      </FormField>
      <FormField
        id="agent-welcome-message"
        label="Welcome message"
        description="Shown at the top of every new chat with this agent."
        error={errors.welcomeMessage}
      >
        <Textarea
          {...bindField(props, "welcomeMessage")}
          maxLength={500}
          rows={2}
          placeholder={disabled ? undefined : "Hi! Ask me about orders, returns or sizes."}
        />
      </FormField>
    </FormSection>
  );
}
