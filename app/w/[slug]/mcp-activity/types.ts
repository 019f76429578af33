import { queryKeys, workspacePath } from "@/components/api/types";

export type { McpCall, McpCallPage, McpCallSummary } from "@/components/api/types";
export type { McpRange } from "@/lib/mcp-activity/schema";

/** "all" stands for "no filter" in the selects. */
export interface ActivityFilters {
  direction: "all" | "inbound" | "outbound";
  status: "all" | "ok" | "error";
  apiKeyId: string;
  tool: string;
}

export const noFilters: ActivityFilters = { direction: "all", status: "all", apiKeyId: "all", tool: "all" };

export const activityKeys = {
  all: (slug: string) => [...queryKeys.workspace(slug), "mcp-activity"] as const,
};

/** Query string for the API: "all" filters are left out. */
export function filterParams(
  f: Partial<ActivityFilters>,
  extra: Record<string, string> = {},
): URLSearchParams {
  const params = new URLSearchParams(extra);
  for (const [k, v] of Object.entries(f)) if (v && v !== "all") params.set(k, v);
  return params;
}

export const activityPath = (slug: string, sub: "" | "/summary", params: URLSearchParams) =>
  workspacePath(slug, `/mcp-activity${sub}?${params}`);

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return "—";
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
