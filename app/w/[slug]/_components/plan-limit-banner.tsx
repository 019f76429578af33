"use client";

import { useQuery } from "@tanstack/react-query";
import { CircleAlert, TriangleAlert } from "lucide-react";
import { api } from "@/components/api/client";
import { isAdminRole } from "@/components/api/types";
import { bannerState, billingHref, billingKey, billingPath } from "@/components/billing/plan-limit";
import { LinkButton } from "@/components/ui/link-button";
import type { BillingJson } from "@/lib/billing/contract";
import { cn } from "@/lib/utils";
import { useCurrentWorkspace } from "./workspace-context";

/**
 * The plan's limits, across the workspace: a warning from 80% of any limit
 * (or a failed payment), and a blocking notice once one is reached, with the
 * way to upgrade for owners and admins. Only when billing is on.
 */
export function PlanLimitBanner() {
  const { slug, role, billingEnabled } = useCurrentWorkspace();
  const billing = useQuery({
    queryKey: billingKey(slug),
    queryFn: ({ signal }) => api<BillingJson>(billingPath(slug), { signal }),
    enabled: billingEnabled,
    staleTime: 60_000,
    refetchInterval: 5 * 60_000,
  });
  const state = bannerState(billing.data);
  if (!state) return null;
  const blocked = state.level === "blocked";
  const Icon = blocked ? CircleAlert : TriangleAlert;
  return (
    <div
      role={blocked ? "alert" : "status"}
      data-testid="plan-limit-banner"
      data-level={state.level}
      className={cn(
        "flex flex-wrap items-center gap-x-3 gap-y-2 border-b px-4 py-2 text-sm md:px-8",
        blocked
          ? "border-red-200 bg-red-50 text-red-900 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200"
          : "bg-amber-50 text-amber-900 dark:bg-amber-950/40 dark:text-amber-200",
      )}
    >
      <p className="flex min-w-0 flex-1 items-start gap-2">
        <Icon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
        <span className="min-w-0">
          {state.text}
          {isAdminRole(role) ? null : " Ask an owner or admin to upgrade."}
        </span>
      </p>
      {isAdminRole(role) ? (
        <LinkButton href={billingHref(slug)} size="sm" variant={blocked ? "default" : "outline"}>
          Upgrade plan
        </LinkButton>
      ) : null}
    </div>
  );
}
