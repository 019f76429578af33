"use client";

import type * as React from "react";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

export interface SelectOption<V extends string = string> {
  value: V;
  label: React.ReactNode;
}

/** `values` with their labels, in order, as options. */
export function optionsOf<V extends string>(
  values: readonly V[],
  labels: Record<V, string>,
): SelectOption<V>[] {
  return values.map((value) => ({ value, label: labels[value] }));
}

type TriggerProps = Omit<React.ComponentProps<typeof SelectTrigger>, "value" | "onChange" | "children">;

/**
 * A Select over a flat list of options. Props other than value/options go to the trigger (id,
 * aria-*, size, className), so a FormField around it wires the label and error to the trigger.
 */
function OptionsSelect<V extends string>({
  value,
  onValueChange,
  options,
  disabled,
  ...trigger
}: TriggerProps & {
  value: V | undefined;
  onValueChange: (value: V) => void;
  options: readonly SelectOption<V>[];
  disabled?: boolean;
}) {
  return (
    <Select value={value} onValueChange={(v) => onValueChange(v as V)} disabled={disabled}>
      <SelectTrigger {...trigger}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {options.map((o) => (
          <SelectItem key={o.value} value={o.value}>
            {o.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}

export { OptionsSelect };
