"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "./chart-frame";
import { axisProps, type ChartColor, chartColor, formatCompact, type ValueFormatter } from "./chart-theme";
import { ChartTooltip } from "./chart-tooltip";

const truncate = (value: unknown, max = 14) => {
  const s = String(value);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

/** Horizontal bars, one per category (e.g. cost per agent): long names stay legible on phones. */
export function CategoryBarChart<T extends object>({
  data,
  categoryKey,
  valueKey,
  valueLabel,
  label,
  color = 1,
  valueFormatter,
}: {
  data: T[];
  categoryKey: keyof T & string;
  valueKey: keyof T & string;
  valueLabel: string;
  label: string;
  color?: ChartColor;
  valueFormatter?: ValueFormatter;
}) {
  const height = Math.max(120, data.length * 36 + 32);
  return (
    <ChartFrame label={label} height={height}>
      <BarChart
        data={data as Record<string, unknown>[]}
        layout="vertical"
        margin={{ top: 0, right: 16, bottom: 0, left: 0 }}
      >
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" {...axisProps} tickFormatter={valueFormatter ?? formatCompact} />
        <YAxis
          type="category"
          dataKey={categoryKey as string}
          {...axisProps}
          width={104}
          tickFormatter={(v) => truncate(v)}
          interval={0}
        />
        <Tooltip
          cursor={{ fill: "var(--muted)", opacity: 0.6 }}
          content={<ChartTooltip valueFormatter={valueFormatter} />}
        />
        <Bar
          dataKey={valueKey as string}
          name={valueLabel}
          fill={chartColor(color)}
          radius={[0, 3, 3, 0]}
          maxBarSize={24}
        />
      </BarChart>
    </ChartFrame>
  );
}
