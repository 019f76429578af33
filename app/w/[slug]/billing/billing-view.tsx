"use client";

import { useQuery } from "@tanstack/react-query";
import { CircleCheck, TriangleAlert } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { api } from "@/components/api/client";
import { billingKey, billingPath, PLAN_NAMES } from "@/components/billing/plan-limit";
import { formatDate } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { QueryView, Skeletons } from "@/components/query-view";
import { SectionCard } from "@/components/ui/card";
import type { BillingJson } from "@/lib/billing/contract";
import { useCurrentWorkspace } from "../_components/workspace-context";
import { type BillingOverviewJson, billingApi, formatMoney, overviewKey } from "./billing-api";
import { InvoicesTable } from "./invoices-table";
import { NoticesList } from "./notices-list";
import { ManageBillingButton, UpgradeButtons } from "./plan-actions";
import { UsageBars } from "./usage-bars";

const PAYING = new Set(["active", "trialing", "past_due"]);

function statusLine(b: BillingJson): string | null {
  if (b.status === "past_due") {
    return b.graceUntil && new Date(b.graceUntil) > new Date()
      ? `A payment failed. The plan stays active until ${formatDate(b.graceUntil)}; then the Free plan's limits apply.`
      : "A payment failed and the grace period is over: the Free plan's limits apply until it is paid.";
  }
  if (b.cancelAtPeriodEnd && b.currentPeriodEnd) {
    return `Canceled: the plan ends on ${formatDate(b.currentPeriodEnd)}, then the workspace moves to Free.`;
  }
  if (PAYING.has(b.status) && b.currentPeriodEnd) return `Renews on ${formatDate(b.currentPeriodEnd)}.`;
  return null;
}

export function BillingView() {
  const { slug } = useCurrentWorkspace();
  const returned = useSearchParams().get("checkout");
  const billing = useQuery({
    queryKey: billingKey(slug),
    queryFn: ({ signal }) => api<BillingJson>(billingPath(slug), { signal }),
    // Back from Checkout before Stripe's webhook arrived: look again until the plan shows.
    refetchInterval: (q) =>
      returned === "success" && !PAYING.has(q.state.data?.status ?? "") ? 2000 : false,
  });
  const overview = useQuery({
    queryKey: overviewKey(slug),
    queryFn: ({ signal }) => api<BillingOverviewJson>(billingApi(slug, "overview"), { signal }),
    refetchInterval: returned === "success" && !PAYING.has(billing.data?.status ?? "") ? 2000 : false,
  });
  const paying = PAYING.has(billing.data?.status ?? "");

  return (
    <div className="space-y-6">
      <PageHeader
        title="Billing"
        description="The workspace's plan, what it has used this month, and its invoices."
        actions={overview.data?.hasCustomer ? <ManageBillingButton /> : null}
      />
      {returned === "success" ? (
        <p role="status" className="flex items-center gap-2 text-sm" data-testid="checkout-returned">
          <CircleCheck className="size-4 text-primary" aria-hidden="true" />
          {paying ? "Thank you: the subscription is active." : "Payment received; activating the plan…"}
        </p>
      ) : returned === "canceled" ? (
        <p role="status" className="text-sm text-muted-foreground">
          Checkout was canceled; nothing was charged.
        </p>
      ) : null}

      <QueryView query={billing} loading={<Skeletons count={2} className="h-40 w-full" />}>
        {(b) => (
          <SectionCard
            title={`${PLAN_NAMES[b.plan ?? "free"] ?? b.plan} plan`}
            description={statusLine(b) ?? "Upgrade for higher limits."}
            action={
              overview.data && !paying ? (
                <div className="flex flex-wrap gap-2">
                  <UpgradeButtons plans={overview.data.plans} current={b.plan ?? "free"} />
                </div>
              ) : null
            }
            contentClassName="space-y-4"
          >
            {b.status === "past_due" ? (
              <p className="flex items-start gap-2 text-sm text-destructive">
                <TriangleAlert className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
                Update the payment method in Manage billing to keep the {PLAN_NAMES[b.subscribedPlan]} plan.
              </p>
            ) : null}
            <UsageBars usage={b.usage} />
          </SectionCard>
        )}
      </QueryView>

      <QueryView query={overview} loading={<Skeletons count={2} className="h-32 w-full" />}>
        {(o) => (
          <>
            {o.stripeUnavailable ? (
              <p role="status" className="text-sm text-muted-foreground">
                Stripe could not be reached: invoices and the next invoice are missing for now.
              </p>
            ) : null}
            <SectionCard title="Next invoice">
              {o.nextInvoice ? (
                <p className="text-sm" data-testid="next-invoice">
                  <span className="text-lg font-semibold">
                    {formatMoney(o.nextInvoice.amountDue, o.nextInvoice.currency)}
                  </span>
                  {o.nextInvoice.date ? ` on ${formatDate(o.nextInvoice.date)}` : ""}
                  <span className="text-muted-foreground"> (estimate, with this period's metered usage)</span>
                </p>
              ) : (
                <p className="text-sm text-muted-foreground">No invoice is coming up.</p>
              )}
            </SectionCard>
            <SectionCard title="Invoices">
              <InvoicesTable invoices={o.invoices} />
            </SectionCard>
            <SectionCard title="Notices" description="Payments, plan changes and cancellations.">
              <NoticesList notices={o.notices} />
            </SectionCard>
          </>
        )}
      </QueryView>
    </div>
  );
}
