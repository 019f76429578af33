"use client";

import { useMutation } from "@tanstack/react-query";
import { toast } from "sonner";
import { api, errorMessage } from "@/components/api/client";
import { Button } from "@/components/ui/button";
import { useCurrentWorkspace } from "../_components/workspace-context";
import { type BillingOverviewJson, billingApi, type CheckoutBody } from "./billing-api";

/** Leaves for Stripe's hosted page; the browser comes back to the billing page. */
function useStripeRedirect(sub: "checkout" | "portal") {
  const { slug } = useCurrentWorkspace();
  return useMutation({
    mutationFn: (body?: CheckoutBody) =>
      api<{ url: string }>(billingApi(slug, sub), { method: "POST", ...(body ? { body } : {}) }),
    onSuccess: ({ url }) => {
      window.location.assign(url);
    },
    onError: (e) => toast.error(errorMessage(e)),
  });
}

/** Upgrade buttons for the plans above the current one, while there is no paid subscription. */
export function UpgradeButtons({ plans, current }: { plans: BillingOverviewJson["plans"]; current: string }) {
  const checkout = useStripeRedirect("checkout");
  const rank = plans.findIndex((p) => p.id === current);
  const above = plans.filter((p, i) => i > rank && p.purchasable);
  if (above.length === 0) return null;
  return (
    <>
      {above.map((p) => (
        <Button
          key={p.id}
          disabled={checkout.isPending || checkout.isSuccess}
          onClick={() => checkout.mutate({ plan: p.id as CheckoutBody["plan"] })}
        >
          Upgrade to {p.name}
        </Button>
      ))}
    </>
  );
}

export function ManageBillingButton() {
  const portal = useStripeRedirect("portal");
  return (
    <Button
      variant="outline"
      disabled={portal.isPending || portal.isSuccess}
      onClick={() => portal.mutate(undefined)}
    >
      Manage billing
    </Button>
  );
}
