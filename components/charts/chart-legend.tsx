import { cn } from "@/lib/utils";
import { type ChartSeries, chartColor, chartPaletteClass } from "./chart-theme";

/** A wrapping HTML legend: stays readable at phone widths, unlike an in-SVG one. */
export function ChartLegend({ series }: { series: ChartSeries[] }) {
  if (series.length < 2) return null;
  return (
    <ul
      className={cn(
        "flex flex-wrap justify-center gap-x-4 gap-y-1 pt-2 text-xs text-muted-foreground",
        chartPaletteClass,
      )}
    >
      {series.map((s) => (
        <li key={s.key} className="flex items-center gap-1.5">
          <span
            aria-hidden="true"
            className="size-2.5 rounded-[2px]"
            style={{ background: chartColor(s.color) }}
          />
          {s.label}
        </li>
      ))}
    </ul>
  );
}
