"use client";

import type { TooltipContentProps } from "recharts";
import type { ValueFormatter } from "./chart-theme";

type Props = Partial<TooltipContentProps<number, string>> & {
  valueFormatter?: ValueFormatter;
  labelFormatter?: (label: unknown) => string;
};

/** Tooltip in the app's popover style; works in both themes. */
export function ChartTooltip({ active, payload, label, valueFormatter, labelFormatter }: Props) {
  if (!active || !payload?.length) return null;
  return (
    <div className="grid min-w-36 gap-1.5 rounded-lg border bg-popover px-3 py-2 text-xs text-popover-foreground shadow-md">
      <p className="font-medium">{labelFormatter ? labelFormatter(label) : String(label ?? "")}</p>
      {payload.map((item) => (
        <div key={String(item.dataKey)} className="flex items-center gap-2">
          <span
            aria-hidden="true"
            className="size-2.5 shrink-0 rounded-[2px]"
            style={{ background: item.color ?? item.stroke ?? item.fill }}
          />
          <span className="text-muted-foreground">{item.name}</span>
          <span className="ml-auto pl-3 font-mono font-medium tabular-nums">
            {typeof item.value === "number"
              ? valueFormatter
                ? valueFormatter(item.value)
                : item.value.toLocaleString()
              : "—"}
          </span>
        </div>
      ))}
    </div>
  );
}
