"use client";

import type { ReactElement } from "react";
import { ResponsiveContainer } from "recharts";
import { cn } from "@/lib/utils";
import { chartPaletteClass } from "./chart-theme";

/**
 * Sizes a chart to its container's width (down to phone widths) at a fixed height,
 * and gives it the theme's series colours. `label` describes the chart for screen readers.
 */
export function ChartFrame({
  label,
  height = 220,
  className,
  children,
}: {
  label: string;
  height?: number;
  className?: string;
  children: ReactElement;
}) {
  return (
    <figure aria-label={label} className={cn("w-full min-w-0", chartPaletteClass, className)}>
      <ResponsiveContainer width="100%" height={height} initialDimension={{ width: 320, height }}>
        {children}
      </ResponsiveContainer>
    </figure>
  );
}
