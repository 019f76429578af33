"use client";

import { SegmentedControl } from "@/components/ui/segmented-control";
import { type UsageRange, usageRanges } from "./types";

const options = usageRanges.map((days) => ({ value: days, label: `${days} days` }));

/** A segmented control for the dashboard's period. */
export function RangeTabs({ value, onChange }: { value: UsageRange; onChange: (days: UsageRange) => void }) {
  return <SegmentedControl legend="Period" value={value} onChange={onChange} options={options} />;
}
