"use client";

import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
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

/** Lines per day; days without a value (null) leave a gap rather than dropping to zero. */
export function TimeLineChart<T extends object>({
  data,
  xKey,
  series,
  label,
  height,
  valueFormatter,
  minMax,
}: {
  data: T[];
  xKey: keyof T & string;
  series: ChartSeries[];
  label: string;
  height?: number;
  valueFormatter?: ValueFormatter;
  /** The y axis reaches at least this high, so a flat line at zero does not get an arbitrary scale. */
  minMax?: number;
}) {
  return (
    <div>
      <ChartFrame label={label} height={height}>
        <LineChart data={data as Record<string, unknown>[]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid {...gridProps} />
          <XAxis dataKey={xKey as string} {...axisProps} tickFormatter={formatDay} minTickGap={24} />
          <YAxis
            {...axisProps}
            width="auto"
            tickFormatter={valueFormatter ?? formatCompact}
            domain={minMax === undefined ? undefined : [0, (max: number) => Math.max(max, minMax)]}
          />
          <Tooltip content={<ChartTooltip labelFormatter={formatDay} valueFormatter={valueFormatter} />} />
          {series.map((s) => (
            <Line
              key={s.key}
              type="monotone"
              dataKey={s.key}
              name={s.label}
              stroke={chartColor(s.color)}
              strokeWidth={2}
              dot={{ r: data.length <= 31 ? 2 : 1.5 }}
              activeDot={{ r: 4 }}
            />
          ))}
        </LineChart>
      </ChartFrame>
      <ChartLegend series={series} />
    </div>
  );
}
