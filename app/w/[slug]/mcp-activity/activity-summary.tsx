"use client";

import { Stat } from "../_overview/stat";
import { formatMs, type McpCallSummary } from "./types";

const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });
const count = new Intl.NumberFormat();

/** Four figures for the chosen period; undefined values show placeholders while loading. */
export function ActivitySummary({ summary }: { summary: McpCallSummary | undefined }) {
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      <Stat label="Calls" value={summary && count.format(summary.calls)} testId="mcp-stat-calls" />
      <Stat
        label="Error rate"
        value={summary && percent.format(summary.errorRate)}
        hint={summary ? `${count.format(summary.errors)} failed` : undefined}
        testId="mcp-stat-error-rate"
      />
      <Stat label="Latency p50" value={summary && formatMs(summary.p50LatencyMs)} testId="mcp-stat-p50" />
      <Stat label="Latency p95" value={summary && formatMs(summary.p95LatencyMs)} testId="mcp-stat-p95" />
    </div>
  );
}
