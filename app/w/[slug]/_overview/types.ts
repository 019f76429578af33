import { queryKeys, workspacePath } from "@/components/api/types";

/** GET /usage, as the contract sends it (type-only: no server code reaches the bundle). */
export type { UsageJson as Usage } from "@/lib/usage/contract";

export const usageRanges = [7, 30, 90] as const;
export type UsageRange = (typeof usageRanges)[number];

export const usageKey = (slug: string, days: UsageRange) =>
  [...queryKeys.workspace(slug), "usage", days] as const;
export const usagePath = (slug: string, days: UsageRange) => workspacePath(slug, `/usage?days=${days}`);
