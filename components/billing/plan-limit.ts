import type { BillingJson, BillingUsageJson } from "@/lib/billing/contract";

/** The workspace's plan and usage (GET /api/workspaces/:slug/billing), shared by the banner and the billing page. */
export const billingKey = (slug: string) => ["billing", slug] as const;
export const billingPath = (slug: string) => `/api/workspaces/${encodeURIComponent(slug)}/billing`;
export const billingHref = (slug: string) => `/w/${encodeURIComponent(slug)}/billing`;

export const PLAN_NAMES: Record<string, string> = { free: "Free", pro: "Pro", business: "Business" };

const UNIT: Record<string, [string, string]> = {
  message: ["message", "messages"],
  agent: ["agent", "agents"],
  member: ["seat", "seats"],
  flow_run: ["flow run", "flow runs"],
};
const MONTHLY = new Set(["message", "flow_run"]);

/** "412 of 500 messages this month". */
export function usageText(u: Pick<BillingUsageJson, "kind" | "used" | "limit">): string {
  const [one, many] = UNIT[u.kind] ?? [u.kind, u.kind];
  const noun = u.limit === 1 ? one : many;
  const of = u.limit === null ? `${u.used}` : `${u.used} of ${u.limit}`;
  return `${of} ${noun}${MONTHLY.has(u.kind) ? " this month" : ""}`;
}

export interface BannerState {
  level: "blocked" | "warn";
  text: string;
}

/**
 * What the workspace banner says, if anything: a limit reached first, then a
 * payment problem, then limits at 80% or more. Nothing when billing is off.
 */
export function bannerState(b: BillingJson | undefined, now = new Date()): BannerState | null {
  if (!b?.enabled) return null;
  const plan = PLAN_NAMES[b.plan ?? "free"] ?? b.plan;
  const blocked = b.usage.filter((u) => u.blocked);
  if (blocked.length > 0) {
    return {
      level: "blocked",
      text: `This workspace has reached its ${plan} plan's limit: ${blocked.map(usageText).join(", ")}. More is refused until the plan is upgraded.`,
    };
  }
  if (b.status === "past_due") {
    const until = b.graceUntil ? new Date(b.graceUntil) : null;
    const subscribed = PLAN_NAMES[b.subscribedPlan] ?? b.subscribedPlan;
    return until && until > now
      ? {
          level: "warn",
          text: `The last payment failed. The ${subscribed} plan stays until ${until.toLocaleDateString()}, then the Free plan's limits apply.`,
        }
      : { level: "warn", text: `The last payment failed: the Free plan's limits apply until it is paid.` };
  }
  const near = b.usage.filter((u) => u.warn);
  if (near.length > 0) {
    return {
      level: "warn",
      text: `This workspace has used ${near.map(usageText).join(", ")} on the ${plan} plan.`,
    };
  }
  return null;
}

export interface PlanLimitError {
  message: string;
  upgradeUrl?: string;
}

/**
 * A chat turn refused by the plan (402 plan_limit): the AI SDK hands the
 * response body over as the error's message.
 */
export function planLimitOf(error: Error | undefined): PlanLimitError | null {
  if (!error) return null;
  try {
    const body = JSON.parse(error.message) as {
      error?: { code?: unknown; message?: unknown; details?: unknown };
    };
    if (body.error?.code !== "plan_limit" || typeof body.error.message !== "string") return null;
    const details = body.error.details as { upgradeUrl?: unknown } | undefined;
    return {
      message: body.error.message,
      upgradeUrl: typeof details?.upgradeUrl === "string" ? details.upgradeUrl : undefined,
    };
  } catch {
    return null;
  }
}
