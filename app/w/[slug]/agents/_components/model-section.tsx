"use client";

import Link from "next/link";
import { errorMessage } from "@/components/api/client";
import { useCurrentWorkspace } from "../../_components/workspace-context";
import type { SectionProps } from "./agent-form-state";
import { describedBy, FieldShell } from "./field-shell";
import { FormSection } from "./form-section";
import { ModelSelect } from "./model-select";
import { ToolsSection } from "./tools-section";
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
    <FormSection title="Model and tools" description="Which model answers, and what it may do.">
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
      <ToolsSection values={values} set={set} errors={errors} disabled={disabled} />
    </FormSection>
  );
}
