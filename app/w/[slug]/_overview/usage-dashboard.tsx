"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ChartNoAxesColumn } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { api } from "@/components/api/client";
import { EmptyState } from "@/components/empty-state";
import { QueryError } from "@/components/query-error";
import { Skeleton } from "@/components/ui/skeleton";
import { ChannelsTable } from "./channels-table";
import { OnboardingCard, onboardingDone, useOnboarding } from "./onboarding-card";
import { RangeTabs } from "./range-tabs";
import { TopAgentsTable } from "./top-agents-table";
import { type Usage, type UsageRange, usageKey, usagePath } from "./types";
import { UsageCharts } from "./usage-charts";
import { UsageTotals } from "./usage-totals";

/** Seven days first: a new workspace's 30- or 90-day charts would be almost all empty. */
export const DEFAULT_RANGE: UsageRange = 7;

export function UsageDashboard({
  slug,
  admin,
  canCreate,
}: {
  slug: string;
  admin: boolean;
  canCreate: boolean;
}) {
  const [days, setDays] = useState<UsageRange>(DEFAULT_RANGE);
  const query = useQuery({
    queryKey: usageKey(slug, days),
    queryFn: ({ signal }) => api<Usage>(usagePath(slug, days), { signal }),
    // Keep the last figures on screen while another period loads.
    placeholderData: keepPreviousData,
  });
  const usage = query.data;
  const onboarding = useOnboarding(slug, admin);
  const unused = usage !== undefined && usage.totals.messages === 0;

  return (
    <section aria-labelledby="usage-heading" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="usage-heading" className="text-lg font-semibold">
          Usage
        </h2>
        <RangeTabs value={days} onChange={setDays} />
      </div>
      {query.isPending || (unused && onboarding.isPending) ? (
        <div className="grid grid-cols-2 gap-4 lg:grid-cols-3" aria-busy="true">
          {Array.from({ length: 6 }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
            <Skeleton key={i} className="h-24 w-full" />
          ))}
        </div>
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => query.refetch()} />
      ) : unused && onboarding.data && !onboardingDone(onboarding.data) ? (
        <OnboardingCard slug={slug} progress={onboarding.data} canCreate={canCreate} />
      ) : unused ? (
        <EmptyState icon={ChartNoAxesColumn} title={`No usage in the last ${days} days`}>
          <p>
            Chat with an agent to see usage here.{" "}
            <Link href={`/w/${slug}/agents`} className="underline underline-offset-4 hover:text-foreground">
              Choose an agent
            </Link>
          </p>
        </EmptyState>
      ) : usage ? (
        <div className={query.isPlaceholderData ? "space-y-4 opacity-60 transition-opacity" : "space-y-4"}>
          <UsageTotals usage={usage} />
          <UsageCharts usage={usage} />
          {usage.agents.length > 0 ? <TopAgentsTable slug={slug} agents={usage.agents} /> : null}
          {usage.channels.length > 0 ? <ChannelsTable channels={usage.channels} /> : null}
        </div>
      ) : null}
    </section>
  );
}
