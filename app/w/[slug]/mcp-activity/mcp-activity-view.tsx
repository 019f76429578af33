"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Activity } from "lucide-react";
import { useState } from "react";
import { api } from "@/components/api/client";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { QueryError } from "@/components/query-error";
import { LoadMore, QueryView, Skeletons, TableCard } from "@/components/query-view";
import { SegmentedControl } from "@/components/ui/segmented-control";
import { useCurrentWorkspace } from "../_components/workspace-context";
import type { ApiKey } from "../settings/api-keys/types";
import { apiKeyKeys, apiKeysPath } from "../settings/api-keys/types";
import { ActivityFilters } from "./activity-filters";
import { ActivitySummary } from "./activity-summary";
import { ActivityTable } from "./activity-table";
import {
  activityKeys,
  activityPath,
  type ActivityFilters as Filters,
  filterParams,
  type McpCallPage,
  type McpCallSummary,
  type McpRange,
  noFilters,
} from "./types";

const PAGE_SIZE = 50;
// Live enough to watch an assistant work; polling pauses while the tab is hidden.
const REFRESH_MS = 10_000;

const rangeOptions = [
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
] as const satisfies readonly { value: McpRange; label: string }[];

function RangeToggle({ value, onChange }: { value: McpRange; onChange: (r: McpRange) => void }) {
  return (
    <SegmentedControl<McpRange> legend="Period" value={value} onChange={onChange} options={rangeOptions} />
  );
}

export function McpActivityView() {
  const { slug } = useCurrentWorkspace();
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [range, setRange] = useState<McpRange>("24h");
  const { status: _status, ...summaryFilters } = filters;

  const summary = useQuery({
    queryKey: [...activityKeys.all(slug), "summary", range, summaryFilters],
    queryFn: ({ signal }) =>
      api<McpCallSummary>(activityPath(slug, "/summary", filterParams(summaryFilters, { range })), {
        signal,
      }),
    refetchInterval: REFRESH_MS,
  });
  const calls = useInfiniteQuery({
    queryKey: [...activityKeys.all(slug), "calls", filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = filterParams(filters, {
        limit: String(PAGE_SIZE),
        ...(pageParam ? { cursor: pageParam } : {}),
      });
      return api<McpCallPage>(activityPath(slug, "", params), { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: REFRESH_MS,
  });
  const keys = useQuery({
    queryKey: apiKeyKeys.all(slug),
    queryFn: ({ signal }) => api<{ keys: ApiKey[] }>(apiKeysPath(slug), { signal }).then((d) => d.keys),
  });
  const rows = calls.data?.pages.flatMap((p) => p.calls) ?? [];
  const filtered = Object.values(filters).some((v) => v !== "all");

  return (
    <div className="space-y-6">
      <PageHeader
        title="MCP activity"
        description="Tool calls from AI assistants using this workspace's API keys (inbound), and from agents to connected integrations (outbound)."
        actions={<RangeToggle value={range} onChange={setRange} />}
      />
      {summary.isError ? (
        <QueryError error={summary.error} onRetry={() => summary.refetch()} />
      ) : (
        <ActivitySummary summary={summary.data} />
      )}
      <ActivityFilters
        value={filters}
        onChange={setFilters}
        keys={keys.data ?? []}
        tools={summary.data?.tools ?? []}
      />
      <TableCard>
        <QueryView
          query={calls}
          padded
          loading={<Skeletons count={6} className="h-8 w-full" layout="space-y-3 p-2" />}
          empty={
            rows.length === 0 && (
              <EmptyState
                icon={Activity}
                title={filtered ? "No calls match these filters" : "No MCP calls yet"}
              >
                {filtered
                  ? "Clear a filter to see more."
                  : "Connect an assistant with an API key (Settings → API keys); its tool calls appear here within seconds."}
              </EmptyState>
            )
          }
        >
          {() => <ActivityTable calls={rows} />}
        </QueryView>
      </TableCard>
      <LoadMore query={calls} label="Load older calls" />
    </div>
  );
}
