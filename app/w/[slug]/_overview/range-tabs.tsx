"use client";

import { cn } from "@/lib/utils";
import { type UsageRange, usageRanges } from "./types";

/** A segmented control for the dashboard's period. */
export function RangeTabs({ value, onChange }: { value: UsageRange; onChange: (days: UsageRange) => void }) {
  return (
    <fieldset className="inline-flex rounded-lg bg-muted p-1">
      <legend className="sr-only">Period</legend>
      {usageRanges.map((days) => (
        <button
          key={days}
          type="button"
          aria-pressed={value === days}
          onClick={() => onChange(days)}
          className={cn(
            "rounded-md px-3 py-1 text-sm font-medium text-muted-foreground outline-none transition-colors hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
            value === days && "bg-background text-foreground shadow-sm dark:bg-input/50",
          )}
        >
          {days} days
        </button>
      ))}
    </fieldset>
  );
}
