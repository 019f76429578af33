"use client";

import { useQueryClient } from "@tanstack/react-query";
import { CircleAlert, RotateCcw } from "lucide-react";
import { useEffect } from "react";
import { isAdminRole } from "@/components/api/types";
import { billingHref, billingKey, type PlanLimitError } from "@/components/billing/plan-limit";
import { Button } from "@/components/ui/button";
import { LinkButton } from "@/components/ui/link-button";
import { useCurrentWorkspace } from "./workspace-context";

/**
 * A request the plan refused (402 plan_limit), said as the server said it,
 * with the way out: upgrading (owners and admins) or asking someone who can.
 * Its appearance refreshes the workspace banner, which then shows the limit.
 */
export function PlanLimitNotice({ error, onRetry }: { error: PlanLimitError; onRetry?: () => void }) {
  const { slug, role } = useCurrentWorkspace();
  const queryClient = useQueryClient();
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: billingKey(slug) });
  }, [queryClient, slug]);
  const admin = isAdminRole(role);
  return (
    <div
      role="alert"
      data-testid="plan-limit-notice"
      className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm dark:border-red-900/60 dark:bg-red-950/40"
    >
      <p className="flex min-w-0 flex-1 items-start gap-2 text-red-900 dark:text-red-200">
        <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
        <span className="min-w-0 break-words">
          {error.message}
          {admin ? null : " Ask an owner or admin to upgrade."}
        </span>
      </p>
      {admin ? (
        <LinkButton href={billingHref(slug)} size="sm">
          Upgrade plan
        </LinkButton>
      ) : null}
      {onRetry ? (
        <Button variant="outline" size="sm" onClick={onRetry}>
          <RotateCcw aria-hidden="true" />
          Retry
        </Button>
      ) : null}
    </div>
  );
}
