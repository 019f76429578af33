"use client";

import { Select as SelectPrimitive } from "radix-ui";
import {
  Select,
  SelectContent,
  SelectGroup,
  SelectItem,
  SelectTrigger,
  SelectValue,
} from "@/components/ui/select";
import type { ModelOption } from "./use-models";

function groupOptions(options: ModelOption[]): [string, ModelOption[]][] {
  const groups = new Map<string, ModelOption[]>();
  for (const o of options) groups.set(o.group, [...(groups.get(o.group) ?? []), o]);
  return [...groups];
}

export function ModelSelect({
  id,
  value,
  options,
  onChange,
  disabled,
  invalid,
  describedBy,
}: {
  id: string;
  value: string;
  options: ModelOption[];
  onChange: (key: string) => void;
  disabled: boolean;
  invalid: boolean;
  describedBy?: string;
}) {
  return (
    <Select value={value} onValueChange={onChange} disabled={disabled}>
      <SelectTrigger
        id={id}
        className="w-full"
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
      >
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {groupOptions(options).map(([group, items]) => (
          <SelectGroup key={group}>
            <SelectPrimitive.Label className="px-2 py-1.5 text-xs text-muted-foreground">
              {group}
            </SelectPrimitive.Label>
            {items.map((o) => (
              <SelectItem key={o.key} value={o.key}>
                {o.label}
              </SelectItem>
            ))}
          </SelectGroup>
        ))}
      </SelectContent>
    </Select>
  );
}
