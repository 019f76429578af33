/**
 * Series colours as CSS variables, set by ChartFrame per theme so every chart
 * follows light/dark mode. Use `chartColor(n)` for a series' fill or stroke.
 */
export const chartPaletteClass = [
  "[--chart-1:oklch(0.56_0.19_262)] dark:[--chart-1:oklch(0.7_0.15_262)]",
  "[--chart-2:oklch(0.62_0.13_184)] dark:[--chart-2:oklch(0.76_0.12_184)]",
  "[--chart-3:oklch(0.7_0.16_62)] dark:[--chart-3:oklch(0.8_0.15_75)]",
  "[--chart-4:oklch(0.58_0.21_16)] dark:[--chart-4:oklch(0.7_0.18_16)]",
  "[--chart-5:oklch(0.55_0.2_300)] dark:[--chart-5:oklch(0.72_0.16_300)]",
].join(" ");

export type ChartColor = 1 | 2 | 3 | 4 | 5;

export const chartColor = (n: ChartColor) => `var(--chart-${n})`;

/** Axis and grid styling shared by the cartesian charts. */
export const axisProps = {
  stroke: "var(--muted-foreground)",
  fontSize: 12,
  tickLine: false,
  axisLine: false,
  tickMargin: 8,
} as const;

export const gridProps = {
  stroke: "var(--border)",
  strokeDasharray: "3 3",
  vertical: false,
} as const;

/** One plotted value of each datum. */
export interface ChartSeries {
  key: string;
  label: string;
  color: ChartColor;
}

export type ValueFormatter = (value: number) => string;

const dayFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });

/** "2026-11-22" (a UTC calendar day) as "Nov 22". */
export function formatDay(value: unknown): string {
  const date = new Date(`${String(value)}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? String(value) : dayFormat.format(date);
}

const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 1 });
export const formatCompact: ValueFormatter = (v) => compact.format(v);
