import type { ChangeEvent } from "react";
import type { AgentFormValues, SectionProps } from "./agent-form-state";

type TextField = {
  [K in keyof AgentFormValues]: AgentFormValues[K] extends string ? K : never;
}[keyof AgentFormValues];

/** Wires an input or textarea to one text value of the agent form (and its disabled state). */
export function bindField({ values, set, disabled }: SectionProps, key: TextField) {
  return {
    value: values[key],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(key, e.target.value),
    disabled,
  };
}

/** A number input's attributes; `inputMode` picks the phone keyboard. */
export function numberInput(
  min: number,
  max: number,
  step: number,
  inputMode: "numeric" | "decimal" = "numeric",
) {
  return { type: "number", inputMode, min, max, step } as const;
}
