import { usageText } from "@/components/billing/plan-limit";
import type { BillingUsageJson } from "@/lib/billing/contract";
import { cn } from "@/lib/utils";

const LABELS: Record<string, string> = {
  message: "Messages",
  agent: "Agents",
  member: "Seats",
  flow_run: "Flow runs",
};

/** Usage against each of the plan's limits, as bars; amber from 80%, red at the limit. */
export function UsageBars({ usage }: { usage: BillingUsageJson[] }) {
  return (
    <ul className="grid gap-4 sm:grid-cols-2">
      {usage.map((u) => {
        const percent =
          u.limit === null ? 0 : Math.min(100, Math.round((u.used / Math.max(1, u.limit)) * 100));
        const label = LABELS[u.kind] ?? u.kind;
        return (
          <li key={u.kind} className="space-y-1.5" data-testid={`usage-${u.kind}`}>
            <div className="flex items-baseline justify-between gap-2 text-sm">
              <span className="font-medium">{label}</span>
              <span className="text-muted-foreground">
                {u.limit === null ? `${usageText(u)} · unlimited` : usageText(u)}
              </span>
            </div>
            <div
              role="progressbar"
              aria-label={`${label} used`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              aria-valuetext={usageText(u)}
              className="h-2 w-full overflow-hidden rounded-full bg-muted"
            >
              <div
                className={cn(
                  "h-full transition-[width]",
                  u.blocked ? "bg-destructive" : u.warn ? "bg-amber-500" : "bg-primary",
                )}
                style={{ width: `${percent}%` }}
              />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
