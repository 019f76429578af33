"use client";

import type { ReactElement, ReactNode } from "react";
import { ResponsiveContainer } from "recharts";
import { SectionCard } from "@/components/ui/card";
import { cn } from "@/lib/utils";
import { ChartLegend } from "./chart-legend";
import { type ChartSeries, chartPaletteClass } from "./chart-theme";

/**
 * Sizes a chart to its container's width (down to phone widths) at a fixed height,
 * and gives it the theme's series colours. `label` describes the chart for screen readers;
 * `series` (two or more) adds a legend under it.
 */
export function ChartFrame({
  label,
  height = 220,
  series,
  className,
  children,
}: {
  label: string;
  height?: number;
  series?: ChartSeries[];
  className?: string;
  children: ReactElement;
}) {
  const figure = (
    <figure aria-label={label} className={cn("w-full min-w-0", chartPaletteClass, className)}>
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 320, height }}>
        {children}
      </ResponsiveContainer>
    </figure>
  );
  if (!series) return figure;
  return (
    <div>
      {figure}
      <ChartLegend series={series} />
    </div>
  );
}

/** A titled card around one chart; `empty` (a sentence) stands in for a chart with nothing to show. */
export function ChartCard({
  title,
  description,
  empty,
  children,
}: {
  title: string;
  description?: string;
  empty?: ReactNode;
  children: ReactNode;
}) {
  return (
    <SectionCard
      title={title}
      description={description}
      className="min-w-0 gap-4"
      contentClassName="px-2 sm:px-6"
    >
      {empty ? (
        <p className="px-4 py-10 text-center text-sm text-muted-foreground sm:px-0">{empty}</p>
      ) : (
        children
      )}
    </SectionCard>
  );
}
