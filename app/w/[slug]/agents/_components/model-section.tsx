"use client";

import Link from "next/link";
import { errorMessage } from "@/components/api/client";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import type { SectionProps } from "./agent-form-state";
import { describedBy, FieldShell } from "./field-shell";
import { FormSection } from "./form-section";
import { ModelSelect } from "./model-select";
import { providersHref } from "./types";
import { type ModelOption, offlineOption, useModels } from "./use-models";

/** The saved choice stays selectable even if its connection or model has since disappeared. */
function withCurrent(options: ModelOption[], key: string): ModelOption[] {
  if (options.some((o) => o.key === key)) return options;
  const model = key.slice(key.indexOf("|") + 1);
  return [
    ...options,
    { key, label: `${model} (no longer available)`, group: "Current", providerConnectionId: null, model },
  ];
}

export function ModelSection({ values, set, errors, disabled }: SectionProps) {
  const { slug } = useCurrentWorkspace();
  const models = useModels(slug);
  const options = withCurrent(models.data ?? [offlineOption], values.modelKey);
  const modelError = errors.model ?? errors.providerConnectionId;
  const onlyOffline = models.isSuccess && models.data.length === 1;
  const hint = models.isError ? (
    `Could not load the model list: ${errorMessage(models.error)}`
  ) : onlyOffline ? (
    <>
      Only the offline demo model is available.{" "}
      <Link href={providersHref(slug)} className="underline underline-offset-4 hover:text-foreground">
        Add a provider
      </Link>{" "}
      to use a real model.
    </>
  ) : (
    "Models from this workspace's providers and the instance's own keys."
  );

  return (
    <FormSection title="Model" description="Which model answers, and how.">
      <FieldShell id="agent-model" label="Model" description={hint} error={modelError}>
        <ModelSelect
          id="agent-model"
          value={values.modelKey}
          options={options}
          onChange={(key) => set("modelKey", key)}
          disabled={disabled}
          invalid={Boolean(modelError)}
          describedBy={describedBy("agent-model", true, modelError)}
        />
      </FieldShell>
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
              type="number"
              inputMode="decimal"
              min={0}
              max={2}
              step={0.1}
              value={values.temperature}
              onChange={(e) => set("temperature", e.target.value)}
              disabled={disabled}
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
          <Input
            type="number"
            inputMode="numeric"
            min={1}
            max={20}
            step={1}
            value={values.maxSteps}
            onChange={(e) => set("maxSteps", e.target.value)}
            disabled={disabled}
            className="sm:w-32"
          />
        </FormField>
      </div>
    </FormSection>
  );
}
