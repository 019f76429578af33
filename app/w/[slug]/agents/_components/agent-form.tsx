"use client";

import { Eye } from "lucide-react";
import Link from "next/link";
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { FormAlert } from "@/components/ui/form-field";
import { agentPresets } from "@/lib/agents/presets";
import { AdvancedSection } from "./advanced-section";
import { type AgentFieldErrors, type AgentFormValues, validateValues } from "./agent-form-state";
import { BasicsSection } from "./basics-section";
import { InstructionsSection } from "./instructions-section";
import { ModelSection } from "./model-section";
import { PresetPicker } from "./preset-picker";
import type { AgentType } from "./types";

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

export function AgentForm({
  initialValues,
  readOnly,
  submitLabel,
  saving,
  fieldErrors,
  formError,
  onValidationError,
  onSubmit,
  cancelHref,
  extraActions,
}: {
  initialValues: AgentFormValues;
  readOnly: boolean;
  submitLabel: string;
  saving: boolean;
  fieldErrors: AgentFieldErrors;
  formError: string | null;
  onValidationError: (errors: AgentFieldErrors) => void;
  onSubmit: (values: AgentFormValues) => void;
  cancelHref: string;
  extraActions?: ReactNode;
}) {
  const [values, setValues] = useState(initialValues);
  const formRef = useRef<HTMLFormElement>(null);

  // Take the user to the first field the client or the server rejected.
  useEffect(() => {
    if (Object.keys(fieldErrors).length > 0) {
      formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
    }
  }, [fieldErrors]);
  const set = <K extends keyof AgentFormValues>(key: K, value: AgentFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  /** A new type brings its preset, unless the user already made the text or tools their own. */
  function changeType(type: AgentType) {
    setValues((v) => {
      const before = agentPresets[v.type];
      const next = agentPresets[type];
      const keepText = v.instructions.trim() !== "" && v.instructions !== before.instructions;
      const keepTools = !sameSet(v.tools, before.tools);
      return {
        ...v,
        type,
        instructions: keepText ? v.instructions : next.instructions,
        tools: keepTools ? v.tools : [...next.tools],
      };
    });
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (readOnly) return;
    const invalid = validateValues(values);
    if (Object.keys(invalid).length > 0) {
      onValidationError(invalid);
      return;
    }
    onSubmit(values);
  }

  const section = { values, set, errors: fieldErrors, disabled: readOnly };
  return (
    <form ref={formRef} method="post" onSubmit={submit} noValidate className="space-y-6">
      {readOnly ? (
        <p className="flex items-center gap-2 rounded-md border bg-muted/50 px-3 py-2 text-sm" role="note">
          <Eye className="size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
          Viewers can't edit agents. Ask an admin for the member role to make changes.
        </p>
      ) : null}
      <PresetPicker {...section} onTypeChange={changeType} />
      <BasicsSection {...section} />
      <InstructionsSection {...section} />
      <ModelSection {...section} />
      <AdvancedSection {...section} />
      <FormAlert message={formError} />
      <div className="flex flex-wrap items-center gap-2">
        {readOnly ? null : (
          <Button type="submit" loading={saving}>
            {submitLabel}
          </Button>
        )}
        <Button asChild variant="outline">
          <Link href={cancelHref}>{readOnly ? "Back" : "Cancel"}</Link>
        </Button>
        {extraActions}
      </div>
    </form>
  );
}
