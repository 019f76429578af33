"use client";

import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
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

/** Stacked areas per day, e.g. input and output tokens. */
export function StackedAreaChart<T extends object>({
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
        <AreaChart data={data as Record<string, unknown>[]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid {...gridProps} />
          <XAxis dataKey={xKey as string} {...axisProps} tickFormatter={formatDay} minTickGap={24} />
          <YAxis {...axisProps} width="auto" tickFormatter={valueFormatter ?? formatCompact} />
          <Tooltip content={<ChartTooltip labelFormatter={formatDay} valueFormatter={valueFormatter} />} />
          {series.map((s) => (
            <Area
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stackId="stack"
              stroke={chartColor(s.color)}
              fill={chartColor(s.color)}
              fillOpacity={0.25}
              strokeWidth={2}
            />
          ))}
        </AreaChart>
      </ChartFrame>
      <ChartLegend series={series} />
    </div>
  );
}
