"use client";

import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { ChartFrame } from "./chart-frame";
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

/**
 * How each series is drawn: `bar` stacks bars per day, `area` stacks filled areas (e.g. input and
 * output tokens), `line` draws lines where days without a value (null) leave a gap, not a zero.
 */
export type TimeChartKind = "bar" | "area" | "line";

const charts = { bar: BarChart, area: AreaChart, line: LineChart } as const;

function seriesElement(kind: TimeChartKind, s: ChartSeries, index: number, count: number, points: number) {
  const color = chartColor(s.color);
  if (kind === "bar")
    return (
      <Bar
        key={s.key}
        dataKey={s.key}
        name={s.label}
        stackId="stack"
        fill={color}
        radius={index === count - 1 ? [3, 3, 0, 0] : 0}
        maxBarSize={32}
      />
    );
  if (kind === "area")
    return (
      <Area
        key={s.key}
        type="monotone"
        dataKey={s.key}
        name={s.label}
        stackId="stack"
        stroke={color}
        fill={color}
        fillOpacity={0.25}
        strokeWidth={2}
      />
    );
  return (
    <Line
      key={s.key}
      type="monotone"
      dataKey={s.key}
      name={s.label}
      stroke={color}
      strokeWidth={2}
      dot={{ r: points <= 31 ? 2 : 1.5 }}
      activeDot={{ r: 4 }}
    />
  );
}

/** One value per day per series (`xKey` holds "YYYY-MM-DD"), with a legend when there are several series. */
export function TimeChart<T extends object>({
  kind,
  data,
  xKey,
  series,
  label,
  height,
  valueFormatter,
  minMax,
}: {
  kind: TimeChartKind;
  data: T[];
  xKey: keyof T & string;
  series: ChartSeries[];
  label: string;
  height?: number;
  valueFormatter?: ValueFormatter;
  /** The y axis reaches at least this high, so a flat line at zero does not get an arbitrary scale. */
  minMax?: number;
}) {
  const Chart = charts[kind];
  return (
    <ChartFrame label={label} height={height} series={series}>
      <Chart data={data as Record<string, unknown>[]} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid {...gridProps} />
        <XAxis dataKey={xKey as string} {...axisProps} tickFormatter={formatDay} minTickGap={24} />
        <YAxis
          {...axisProps}
          width="auto"
          tickFormatter={valueFormatter ?? formatCompact}
          {...(kind === "bar" ? { allowDecimals: false } : {})}
          {...(minMax === undefined ? {} : { domain: [0, (max: number) => Math.max(max, minMax)] })}
        />
        <Tooltip
          {...(kind === "bar" ? { cursor: { fill: "var(--muted)", opacity: 0.6 } } : {})}
          content={<ChartTooltip labelFormatter={formatDay} valueFormatter={valueFormatter} />}
        />
        {series.map((s, i) => seriesElement(kind, s, i, series.length, data.length))}
      </Chart>
    </ChartFrame>
  );
}
