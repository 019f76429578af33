"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { History } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCurrentWorkspace } from "@/app/w/[slug]/_components/workspace-context";
import { api } from "@/components/api/client";
import { EmptyState } from "@/components/empty-state";
import { formatDateTime } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { QueryView, Skeletons, TableCard } from "@/components/query-view";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { OptionsSelect } from "@/components/ui/options-select";
import { Table, TableBody, TableCell, TableColumns, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";
import { type FlowRun, type FlowSummary, flowKeys, flowRunsPath, flowsPath } from "./api-types";
import { RunDetail } from "./run-detail";
import { StatusBadge } from "./status-badge";

const ALL = "all";
const STATUSES = ["queued", "running", "waiting", "succeeded", "failed", "canceled"];
const TRIGGERS = ["manual", "webhook", "schedule", "event", "api", "mcp", "subflow", "retry"];

/** Runs of every flow, filtered by flow, status and trigger; a selected run's timeline beside (or below) the list. */
export function RunsView() {
  const { slug } = useCurrentWorkspace();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = {
    flowId: params.get("flowId") ?? "",
    status: params.get("status") ?? "",
    trigger: params.get("trigger") ?? "",
  };
  const selected = params.get("run");
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value && value !== ALL) next.set(key, value);
    else next.delete(key);
    if (key !== "run") next.delete("run");
    router.replace(`${pathname}?${next}`, { scroll: false });
  };
  const flows = useQuery({
    queryKey: flowKeys.all(slug),
    queryFn: ({ signal }) => api<{ flows: FlowSummary[] }>(flowsPath(slug), { signal }),
  });
  const runs = useInfiniteQuery({
    queryKey: flowKeys.runs(slug, filters),
    initialPageParam: "",
    queryFn: ({ signal, pageParam }) => {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
      if (pageParam) q.set("cursor", pageParam);
      return api<{ runs: FlowRun[]; nextCursor: string | null }>(`${flowRunsPath(slug)}?${q}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 5000,
  });
  const flowName = new Map((flows.data?.flows ?? []).map((f) => [f.id, f.name]));
  const list = runs.data?.pages.flatMap((p) => p.runs) ?? [];
  const filter = (id: string, label: string, value: string, options: { value: string; label: string }[]) => (
    <div className="grid gap-1">
      <Label htmlFor={id}>{label}</Label>
      <OptionsSelect
        id={id}
        className="w-full sm:w-44"
        value={value || ALL}
        onValueChange={(v) => setParam(id.replace("runs-filter-", ""), v)}
        options={[{ value: ALL, label: "All" }, ...options]}
      />
    </div>
  );
  return (
    <div className="space-y-6">
      <PageHeader
        title="Flow runs"
        description="Every run of every flow, newest first, with each node's result."
      />
      <div className="flex flex-wrap gap-3">
        {filter(
          "runs-filter-flowId",
          "Flow",
          filters.flowId,
          (flows.data?.flows ?? []).map((f) => ({ value: f.id, label: f.name })),
        )}
        {filter(
          "runs-filter-status",
          "Status",
          filters.status,
          STATUSES.map((s) => ({ value: s, label: s })),
        )}
        {filter(
          "runs-filter-trigger",
          "Trigger",
          filters.trigger,
          TRIGGERS.map((s) => ({ value: s, label: s })),
        )}
      </div>
      <div className={cn("grid gap-4", selected && "lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]")}>
        <TableCard>
          <QueryView
            query={{ ...runs, data: runs.data ? list : undefined }}
            padded
            loading={<Skeletons className="h-10 w-full" count={4} />}
            empty={
              list.length === 0 && (
                <EmptyState icon={History} title="No runs">
                  <p>Runs show here when a flow is triggered or test-run from the editor.</p>
                </EmptyState>
              )
            }
          >
            {(rows) => (
              <>
                <Table label="Flow runs">
                  <TableColumns
                    columns={["Flow", "Status", ["Trigger", "hidden sm:table-cell"], "Started"]}
                  />
                  <TableBody>
                    {rows.map((r) => (
                      <TableRow key={r.id} data-state={r.id === selected ? "selected" : undefined}>
                        <TableCell>
                          <button
                            type="button"
                            className="text-left font-medium hover:underline"
                            onClick={() => setParam("run", r.id)}
                            aria-current={r.id === selected ? "true" : undefined}
                          >
                            {flowName.get(r.flowId) ?? "Flow"}
                          </button>
                        </TableCell>
                        <TableCell>
                          <StatusBadge status={r.status} />
                        </TableCell>
                        <TableCell className="hidden sm:table-cell">{r.trigger}</TableCell>
                        <TableCell className="text-muted-foreground">{formatDateTime(r.createdAt)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
                {runs.hasNextPage ? (
                  <div className="p-2">
                    <Button
                      variant="outline"
                      size="sm"
                      loading={runs.isFetchingNextPage}
                      onClick={() => runs.fetchNextPage()}
                    >
                      Load more
                    </Button>
                  </div>
                ) : null}
              </>
            )}
          </QueryView>
        </TableCard>
        {selected ? <RunDetail slug={slug} runId={selected} onClose={() => setParam("run", null)} /> : null}
      </div>
    </div>
  );
}
