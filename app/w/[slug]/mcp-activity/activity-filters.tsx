"use client";

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { ActivityFilters as Filters } from "./types";

interface Option {
  value: string;
  label: string;
}

function FilterSelect({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: Option[];
  onChange: (v: string) => void;
}) {
  return (
    <Select value={value} onValueChange={onChange}>
      <SelectTrigger aria-label={label} className="w-full min-w-0 lg:w-44">
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
  const set = (patch: Partial<Filters>) => onChange({ ...value, ...patch });
  // A selected tool stays listed even when the period no longer has calls to it.
  const toolNames = value.tool !== "all" && !tools.includes(value.tool) ? [value.tool, ...tools] : tools;
  return (
    <div className="grid grid-cols-2 gap-2 lg:flex">
      <FilterSelect
        label="Direction"
        value={value.direction}
        onChange={(direction) => set({ direction: direction as Filters["direction"] })}
        options={[
          { value: "all", label: "Both directions" },
          { value: "inbound", label: "Inbound (assistants)" },
          { value: "outbound", label: "Outbound (integrations)" },
        ]}
      />
      <FilterSelect
        label="Status"
        value={value.status}
        onChange={(status) => set({ status: status as Filters["status"] })}
        options={[
          { value: "all", label: "Any status" },
          { value: "ok", label: "Succeeded" },
          { value: "error", label: "Failed" },
        ]}
      />
      <FilterSelect
        label="API key"
        value={value.apiKeyId}
        onChange={(apiKeyId) => set({ apiKeyId })}
        options={[
          { value: "all", label: "Any key" },
          ...keys.map((k) => ({ value: k.id, label: `${k.name} (${k.prefix})` })),
        ]}
      />
      <FilterSelect
        label="Tool"
        value={value.tool}
        onChange={(tool) => set({ tool })}
        options={[{ value: "all", label: "Any tool" }, ...toolNames.map((t) => ({ value: t, label: t }))]}
      />
    </div>
  );
}
