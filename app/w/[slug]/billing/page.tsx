import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireWorkspaceAdmin } from "@/app/_lib/session";
import { billingEnabled } from "@/lib/env";
import { BillingView } from "./billing-view";

export const metadata: Metadata = { title: "Billing" };

export default async function BillingPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireWorkspaceAdmin(slug, "/billing");
  // A self-hosted instance without Stripe has no billing: no page either.
  if (!billingEnabled()) notFound();
  return <BillingView />;
}
