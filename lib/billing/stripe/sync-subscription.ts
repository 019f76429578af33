import { sql } from "kysely";
import type Stripe from "stripe";
import type { Tx } from "../../db/rls";
import { env } from "../../env";
import { logger } from "../../logger";
import { stripeUnavailable } from "./client";
import { planForPrice } from "./prices";
import { type BillingRow, nextBillingRow, noticesFor } from "./subscription-state";

type LockedRow = BillingRow & { stripe_customer_id: string | null };

/**
 * The workspace's billing row, created if missing, locked until the caller's
 * transaction ends: two deliveries for one workspace apply one after the
 * other, and the one applied last read Stripe last.
 */
export async function lockBillingRow(tx: Tx, workspaceId: string): Promise<LockedRow> {
  await tx
    .insertInto("workspace_billing")
    .values({ workspace_id: workspaceId })
    .onConflict((oc) => oc.column("workspace_id").doNothing())
    .execute();
  const row = await tx
    .selectFrom("workspace_billing")
    .select([
      "plan",
      "status",
      "stripe_customer_id",
      "stripe_subscription_id",
      "subscription_created",
      "current_period_end",
      "cancel_at_period_end",
      "grace_until",
    ])
    .where("workspace_id", "=", workspaceId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return {
    ...row,
    status: row.status as BillingRow["status"],
    cancel_at_period_end: Boolean(row.cancel_at_period_end),
  };
}

const customerId = (c: string | { id: string } | null | undefined) =>
  typeof c === "string" ? c : (c?.id ?? null);

/**
 * Which workspace a Stripe object belongs to: the one whose customer it is, or
 * (for the first event of a customer we have not linked yet) the workspace id
 * we put in its metadata, if that workspace has no other customer.
 */
export async function workspaceForCustomer(
  tx: Tx,
  customer: string | { id: string } | null | undefined,
  claimedWorkspaceId: string | null | undefined,
): Promise<string | null> {
  const id = customerId(customer);
  if (!id) return null;
  const linked = await tx
    .selectFrom("workspace_billing")
    .select("workspace_id")
    .where("stripe_customer_id", "=", id)
    .executeTakeFirst();
  if (linked) return linked.workspace_id;
  if (!claimedWorkspaceId || !/^[0-9a-f-]{36}$/i.test(claimedWorkspaceId)) return null;
  const ws = await tx
    .selectFrom("workspaces")
    .select("id")
    .where("id", "=", claimedWorkspaceId)
    .executeTakeFirst();
  if (!ws) return null;
  const row = await lockBillingRow(tx, ws.id);
  if (row.stripe_customer_id && row.stripe_customer_id !== id) return null;
  await tx
    .updateTable("workspace_billing")
    .set({ stripe_customer_id: id })
    .where("workspace_id", "=", ws.id)
    .execute();
  return ws.id;
}

/**
 * Re-reads the subscription from Stripe and applies it to the workspace, with
 * a notice for each change its owners and admins should hear about. Whatever
 * the event said, Stripe's current answer is what counts: events that arrive
 * late or out of order cannot leave an older state behind.
 */
export async function syncSubscription(
  tx: Tx,
  stripe: Stripe,
  opts: { workspaceId: string; subscriptionId: string; event: Stripe.Event },
): Promise<void> {
  const prior = await lockBillingRow(tx, opts.workspaceId);
  let sub: Stripe.Subscription;
  try {
    sub = await stripe.subscriptions.retrieve(opts.subscriptionId);
  } catch (e) {
    // 503: the event is not recorded, and Stripe delivers it again later.
    throw stripeUnavailable(e);
  }
  if (prior.stripe_customer_id && customerId(sub.customer) !== prior.stripe_customer_id) {
    logger.warn(
      { workspaceId: opts.workspaceId, subscription: sub.id, eventId: opts.event.id },
      "stripe: a subscription of another customer names this workspace; ignored",
    );
    return;
  }
  const next = nextBillingRow(prior, sub, {
    planForPrice,
    now: new Date(),
    graceDays: env().BILLING_GRACE_DAYS,
  });
  if (!next) return;
  await tx
    .updateTable("workspace_billing")
    .set({
      ...next,
      stripe_customer_id: customerId(sub.customer),
      // Informational: the newest event that led to a re-read; the state itself is Stripe's latest.
      state_version: sql<string>`greatest(state_version, ${opts.event.created})`,
    })
    .where("workspace_id", "=", opts.workspaceId)
    .execute();
  const notices = noticesFor(prior, next);
  if (notices.length === 0) return;
  await tx
    .insertInto("billing_notices")
    .values(
      notices.map((n) => ({
        workspace_id: opts.workspaceId,
        kind: n.kind,
        message: n.message,
        details: JSON.stringify(n.details),
        stripe_event_id: opts.event.id,
      })),
    )
    .onConflict((oc) => oc.columns(["stripe_event_id", "kind"]).doNothing())
    .execute();
}
