"use client";

import { ChevronDown } from "lucide-react";
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { Collapsible, CollapsibleContent, CollapsibleTrigger } from "@/components/ui/collapsible";
import type { AgentFieldErrors, AgentFormField, SectionProps } from "./agent-form-state";
import { EndpointSection } from "./endpoint-section";
import { KnowledgeSection } from "./knowledge-section";
import { TuningFields } from "./tuning-fields";

export const ADVANCED_FIELDS: AgentFormField[] = [
  "temperature",
  "maxSteps",
  "ragEnabled",
  "ragTopK",
  "externalEndpointUrl",
  "externalTimeoutMs",
];

const hasAdvancedError = (errors: AgentFieldErrors) => ADVANCED_FIELDS.some((f) => errors[f]);

/**
 * Tuning, knowledge and the external endpoint: collapsed by default, with a one-line summary.
 * An error in one of its fields opens it in the same render, so the form can focus the field.
 */
export function AdvancedSection(props: SectionProps) {
  const { values, errors } = props;
  const [open, setOpen] = useState(false);
  const [seen, setSeen] = useState(errors);
  if (seen !== errors) {
    setSeen(errors);
    if (hasAdvancedError(errors)) setOpen(true);
  }
  const summary = [
    `Temperature ${values.temperature || "?"}`,
    `up to ${values.maxSteps || "?"} steps`,
    values.ragEnabled ? "knowledge on" : "knowledge off",
    values.externalEndpointUrl.trim() ? "external endpoint" : "no external endpoint",
  ].join(" · ");

  return (
    <Collapsible open={open} onOpenChange={setOpen} asChild>
      <Card className="gap-0 py-0">
        <h2>
          <CollapsibleTrigger className="group flex w-full items-center gap-3 rounded-xl px-6 py-5 text-left outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
            <span className="grid min-w-0 flex-1 gap-1">
              <span className="font-semibold leading-none">Advanced settings</span>
              <span className="text-sm font-normal text-muted-foreground">{summary}</span>
            </span>
            <ChevronDown
              className="size-4 shrink-0 text-muted-foreground transition-transform group-data-[state=open]:rotate-180"
              aria-hidden="true"
            />
          </CollapsibleTrigger>
        </h2>
        <CollapsibleContent className="grid gap-5 border-t px-6 py-5">
          <TuningFields {...props} />
          <KnowledgeSection {...props} />
          <EndpointSection {...props} />
        </CollapsibleContent>
      </Card>
    </Collapsible>
  );
}
