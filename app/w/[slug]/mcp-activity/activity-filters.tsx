"use client";

import { OptionsSelect, type SelectOption } from "@/components/ui/options-select";
import type { ActivityFilters as Filters } from "./types";

export function ActivityFilters({
  value,
  onChange,
  keys,
  tools,
}: {
  value: Filters;
  onChange: (next: Filters) => void;
  keys: { id: string; name: string; prefix: string }[];
  tools: string[];
}) {
  const select = <K extends keyof Filters>(label: string, key: K, options: SelectOption<Filters[K]>[]) => (
    <OptionsSelect
      aria-label={label}
      className="w-full min-w-0 lg:w-44"
      value={value[key]}
      onValueChange={(next) => onChange({ ...value, [key]: next })}
      options={options}
    />
  );
  // A selected tool stays listed even when the period no longer has calls to it.
  const toolNames = value.tool !== "all" && !tools.includes(value.tool) ? [value.tool, ...tools] : tools;
  return (
    <div className="grid grid-cols-2 gap-2 lg:flex">
      {select("Direction", "direction", [
        { value: "all", label: "Both directions" },
        { value: "inbound", label: "Inbound (assistants)" },
        { value: "outbound", label: "Outbound (integrations)" },
      ])}
      {select("Status", "status", [
        { value: "all", label: "Any status" },
        { value: "ok", label: "Succeeded" },
        { value: "error", label: "Failed" },
      ])}
      {select("API key", "apiKeyId", [
        { value: "all", label: "Any key" },
        ...keys.map((k) => ({ value: k.id, label: `${k.name} (${k.prefix})` })),
      ])}
      {select("Tool", "tool", [
        { value: "all", label: "Any tool" },
        ...toolNames.map((t) => ({ value: t, label: t })),
      ])}
    </div>
  );
}
