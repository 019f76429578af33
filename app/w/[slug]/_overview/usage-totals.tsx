import { formatCount, formatInteger, formatMs, formatPercent, formatUsd } from "./format";
import { Stat } from "./stat";
import type { Usage } from "./types";

export function UsageTotals({ usage }: { usage: Usage }) {
  const { totals, ttft } = usage;
  return (
    <div className="grid grid-cols-2 gap-4 lg:grid-cols-3">
      <Stat label="Messages" value={formatCount(totals.messages)} testId="usage-messages" />
      <Stat
        label="Tokens in"
        value={formatCount(totals.inputTokens)}
        hint={totals.inputTokens >= 10_000 ? formatInteger(totals.inputTokens) : undefined}
        testId="usage-tokens-in"
      />
      <Stat
        label="Tokens out"
        value={formatCount(totals.outputTokens)}
        hint={totals.outputTokens >= 10_000 ? formatInteger(totals.outputTokens) : undefined}
        testId="usage-tokens-out"
      />
      <Stat label="Cost (USD)" value={formatUsd(totals.cost)} testId="usage-cost" />
      <Stat
        label="Error rate"
        value={formatPercent(totals.errorRate)}
        hint={`${formatInteger(totals.errors)} ${totals.errors === 1 ? "error" : "errors"}`}
        testId="usage-error-rate"
      />
      <Stat
        label="Time to first token"
        value={formatMs(ttft.p50)}
        hint={`Median · p95 ${formatMs(ttft.p95)}`}
        testId="usage-ttft"
      />
    </div>
  );
}
