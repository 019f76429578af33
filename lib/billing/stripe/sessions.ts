import { runAsUser } from "../../db/rls";
import { env } from "../../env";
import { AppError } from "../../errors";
import type { WorkspaceScope } from "../../workspaces";
import type { PlanId } from "../plans";
import { stripeClient, stripeUnavailable } from "./client";
import { ensureStripeCustomer } from "./customer";
import { priceForPlan } from "./prices";

/**
 * The two ways out to Stripe's hosted pages: Checkout to start a subscription,
 * the Customer Portal to change or cancel it, update the card, read invoices.
 * Only owners and admins get here (the contract's role); the workspace comes
 * from the caller's scope, never from the request body.
 */

const billingUrl = (slug: string) => `${env().APP_URL}/w/${encodeURIComponent(slug)}/billing`;

async function currentSubscription(scope: WorkspaceScope) {
  return runAsUser(scope.claims, (tx) =>
    tx
      .selectFrom("workspace_billing")
      .select(["plan", "status", "stripe_subscription_id"])
      .where("workspace_id", "=", scope.workspaceId)
      .executeTakeFirst(),
  );
}

export async function createCheckoutSession(
  scope: WorkspaceScope,
  opts: { plan: PlanId; slug: string },
): Promise<{ url: string }> {
  const price = priceForPlan(opts.plan);
  if (!price) throw new AppError("validation_failed", `The ${opts.plan} plan cannot be bought.`);
  const current = await currentSubscription(scope);
  if (current?.stripe_subscription_id && ["active", "trialing", "past_due"].includes(current.status)) {
    throw new AppError(
      "conflict",
      "This workspace already has a subscription: change its plan in Manage billing.",
    );
  }
  const customer = await ensureStripeCustomer(scope.workspaceId);
  const overage = env().STRIPE_PRICE_MESSAGES_OVERAGE;
  try {
    const session = await stripeClient().checkout.sessions.create({
      mode: "subscription",
      customer,
      client_reference_id: scope.workspaceId,
      line_items: [{ price, quantity: 1 }, ...(overage ? [{ price: overage }] : [])],
      success_url: `${billingUrl(opts.slug)}?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${billingUrl(opts.slug)}?checkout=canceled`,
      metadata: { workspace_id: scope.workspaceId, plan: opts.plan },
      subscription_data: { metadata: { workspace_id: scope.workspaceId, plan: opts.plan } },
    });
    if (!session.url) throw new Error("Checkout session without a url");
    return { url: session.url };
  } catch (e) {
    throw stripeUnavailable(e);
  }
}

export async function createPortalSession(
  scope: WorkspaceScope,
  opts: { slug: string },
): Promise<{ url: string }> {
  const customer = await ensureStripeCustomer(scope.workspaceId);
  try {
    const session = await stripeClient().billingPortal.sessions.create({
      customer,
      return_url: billingUrl(opts.slug),
    });
    return { url: session.url };
  } catch (e) {
    throw stripeUnavailable(e);
  }
}
