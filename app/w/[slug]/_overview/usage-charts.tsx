"use client";

import { CategoryBarChart } from "@/components/charts/category-bar-chart";
import { ChartCard } from "@/components/charts/chart-frame";
import type { ChartSeries, ValueFormatter } from "@/components/charts/chart-theme";
import { TimeChart, type TimeChartKind } from "@/components/charts/time-chart";
import { formatCount, formatMs, formatPercent, formatUsd } from "./format";
import type { Usage } from "./types";

export function UsageCharts({ usage }: { usage: Usage }) {
  const daily = usage.daily.map((d) => {
    // Replies are what can fail; without a per-day reply count, all messages are the base.
    const base = d.assistantMessages ?? d.messages;
    return { ...d, errorRate: base > 0 ? d.errors / base : null };
  });
  const costByAgent = usage.agents
    .filter((a) => a.cost > 0)
    .sort((a, b) => b.cost - a.cost)
    .slice(0, 8);

  // Every daily chart plots the same days; only the kind, series and scale differ.
  const perDay = (
    kind: TimeChartKind,
    label: string,
    series: ChartSeries[],
    valueFormatter: ValueFormatter,
    minMax?: number,
  ) => (
    <TimeChart
      kind={kind}
      data={daily}
      xKey="day"
      series={series}
      label={label}
      valueFormatter={valueFormatter}
      minMax={minMax}
    />
  );

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ChartCard title="Messages per day">
        {perDay(
          "bar",
          "Bar chart of messages per day",
          [{ key: "messages", label: "Messages", color: 1 }],
          formatCount,
        )}
      </ChartCard>
      <ChartCard title="Tokens per day" description="Input and output tokens, stacked.">
        {perDay(
          "area",
          "Stacked area chart of input and output tokens per day",
          [
            { key: "inputTokens", label: "Input", color: 1 },
            { key: "outputTokens", label: "Output", color: 2 },
          ],
          formatCount,
        )}
      </ChartCard>
      <ChartCard
        title="Cost per agent"
        description="In USD, for the selected period."
        empty={
          costByAgent.length === 0 &&
          "No cost in this period. The offline demo model is free; replies from priced models add up here."
        }
      >
        <CategoryBarChart
          data={costByAgent}
          categoryKey="name"
          valueKey="cost"
          valueLabel="Cost"
          label="Bar chart of cost per agent"
          color={3}
          valueFormatter={formatUsd}
        />
      </ChartCard>
      <ChartCard title="Time to first token" description="Median (p50) and p95 per day.">
        {perDay(
          "line",
          "Line chart of p50 and p95 time to first token per day",
          [
            { key: "ttftP50", label: "p50", color: 1 },
            { key: "ttftP95", label: "p95", color: 4 },
          ],
          (v) => formatMs(v),
          100,
        )}
      </ChartCard>
      <ChartCard title="Error rate per day" description="Share of replies that failed.">
        {perDay(
          "line",
          "Line chart of error rate per day",
          [{ key: "errorRate", label: "Error rate", color: 4 }],
          formatPercent,
          0.1,
        )}
      </ChartCard>
    </div>
  );
}
