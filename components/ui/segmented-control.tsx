"use client";

import { cn } from "@/lib/utils";

/** A row of toggle buttons of which one is pressed (e.g. a period); `legend` names the group for screen readers. */
export function SegmentedControl<V extends string | number>({
  legend,
  value,
  onChange,
  options,
}: {
  legend: string;
  value: V;
  onChange: (value: V) => void;
  options: readonly { value: V; label: string }[];
}) {
  return (
    <fieldset className="inline-flex rounded-lg bg-muted p-1">
      <legend className="sr-only">{legend}</legend>
      {options.map((o) => (
        <button
          key={o.value}
          type="button"
          aria-pressed={value === o.value}
          onClick={() => onChange(o.value)}
          className={cn(
            "rounded-md px-3 py-1 text-sm font-medium text-muted-foreground outline-none transition-colors hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
            value === o.value && "bg-background text-foreground shadow-sm dark:bg-input/50",
          )}
        >
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}
