import { queryKeys, workspacePath } from "@/components/api/types";
import type { UsageSummary } from "@/lib/usage";

/** GET /usage. `assistantMessages` per day is used for the daily error rate when the API sends it. */
export type Usage = Omit<UsageSummary, "daily"> & {
  daily: (UsageSummary["daily"][number] & { assistantMessages?: number })[];
};

export const usageRanges = [7, 30, 90] as const;
export type UsageRange = (typeof usageRanges)[number];

export const usageKey = (slug: string, days: UsageRange) =>
  [...queryKeys.workspace(slug), "usage", days] as const;
export const usagePath = (slug: string, days: UsageRange) => workspacePath(slug, `/usage?days=${days}`);
