import { getDb } from "../db/client";
import { runAsUser } from "../db/rls";
import { billingEnabled, env } from "../env";
import { AppError } from "../errors";
import type { WorkspaceScope } from "../workspaces";
import { type BillingStatus, effectivePlan, upgradeUrl, usageOf } from "./entitlements";
import { isPlanId, LIMIT_KINDS, type LimitKind, limitOf, type PlanId, WARN_RATIO } from "./plans";

export interface BillingUsage {
  kind: LimitKind;
  /** null: unlimited (or billing off). */
  limit: number | null;
  used: number;
  /** At or above 80% of the limit. */
  warn: boolean;
  /** At the limit: one more is refused (402 plan_limit). */
  blocked: boolean;
}

export interface BillingSummary {
  enabled: boolean;
  /** The plan whose limits apply now; null when billing is off. */
  plan: PlanId | null;
  /** The plan the subscription is for (past due beyond grace or canceled: not the one that applies). */
  subscribedPlan: PlanId;
  status: BillingStatus;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  graceUntil: Date | null;
  /** The billing page, where owners and admins upgrade; null when billing is off. */
  upgradeUrl: string | null;
  usage: BillingUsage[];
}

const STATUSES: readonly BillingStatus[] = ["active", "trialing", "past_due", "canceled", "none"];

/**
 * The workspace's plan, its subscription's state and its usage against each
 * limit, read now (not cached): the billing page, the workspace banner,
 * `GET /api/v1/billing` and MCP `get_billing`. The row is read through RLS
 * (any member); the counters are the same ones the checks use.
 */
export async function getBilling(scope: WorkspaceScope): Promise<BillingSummary> {
  const readRow = runAsUser(scope.claims, (tx) =>
    tx
      .selectFrom("workspaces as w")
      .leftJoin("workspace_billing as b", "b.workspace_id", "w.id")
      .select([
        "w.slug",
        "b.plan",
        "b.status",
        "b.grace_until",
        "b.current_period_end",
        "b.cancel_at_period_end",
        "b.updated_at",
      ])
      .where("w.id", "=", scope.workspaceId)
      .executeTakeFirst(),
  );
  // The caller is a member (authorized by the surface); the counters are read beside the row.
  const [row, used] = await Promise.all([readRow, usageOf(getDb(), scope.workspaceId)]);
  if (!row) throw new AppError("not_found", "Workspace not found.");
  const enabled = billingEnabled();
  const billing =
    row.plan && row.status && row.updated_at
      ? {
          plan: row.plan,
          status: row.status,
          grace_until: row.grace_until,
          current_period_end: row.current_period_end,
          updated_at: row.updated_at,
        }
      : undefined;
  const plan = effectivePlan(billing, new Date(), env().BILLING_GRACE_DAYS);
  const status = STATUSES.find((s) => s === row.status) ?? "none";
  return {
    enabled,
    plan: enabled ? plan : null,
    subscribedPlan: isPlanId(row.plan) ? row.plan : "free",
    status,
    currentPeriodEnd: row.current_period_end ?? null,
    cancelAtPeriodEnd: row.cancel_at_period_end ?? false,
    graceUntil: row.grace_until ?? null,
    upgradeUrl: enabled ? upgradeUrl(row.slug) : null,
    usage: LIMIT_KINDS.map((kind) => {
      const limit = enabled ? limitOf(plan, kind) : null;
      const n = used[kind];
      return {
        kind,
        limit,
        used: n,
        warn: limit !== null && n >= limit * WARN_RATIO,
        blocked: limit !== null && n >= limit,
      };
    }),
  };
}
