"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "./chart-frame";
import { ChartLegend } from "./chart-legend";
import {
  axisProps,
  type ChartSeries,
  chartColor,
  formatCompact,
  formatDay,
  gridProps,
  type ValueFormatter,
} from "./chart-theme";
import { ChartTooltip } from "./chart-tooltip";

/** Bars per day (one `xKey` value per datum, "YYYY-MM-DD"); several series stack. */
export function TimeBarChart<T extends object>({
  data,
  xKey,
  series,
  label,
  height,
  valueFormatter,
}: {
  data: T[];
  xKey: keyof T & string;
  series: ChartSeries[];
  label: string;
  height?: number;
  valueFormatter?: ValueFormatter;
}) {
  return (
    <div>
      <ChartFrame label={label} height={height}>
        <BarChart data={data as Record<string, unknown>[]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid {...gridProps} />
          <XAxis dataKey={xKey as string} {...axisProps} tickFormatter={formatDay} minTickGap={24} />
          <YAxis
            {...axisProps}
            width="auto"
            allowDecimals={false}
            tickFormatter={valueFormatter ?? formatCompact}
          />
          <Tooltip
            cursor={{ fill: "var(--muted)", opacity: 0.6 }}
            content={<ChartTooltip labelFormatter={formatDay} valueFormatter={valueFormatter} />}
          />
          {series.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId="stack"
              fill={chartColor(s.color)}
              radius={i === series.length - 1 ? [3, 3, 0, 0] : 0}
              maxBarSize={32}
            />
          ))}
        </BarChart>
      </ChartFrame>
      <ChartLegend series={series} />
    </div>
  );
}
