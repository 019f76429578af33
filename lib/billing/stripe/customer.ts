import { runAsService } from "../../db/rls";
import { stripeClient, stripeUnavailable } from "./client";
import { lockBillingRow } from "./sync-subscription";

/**
 * The workspace's Stripe customer, created the first time someone needs one
 * (an upgrade or the portal), with the workspace id in its metadata. The
 * billing row stays locked while Stripe is asked, so a second click waits and
 * then finds the customer; the idempotency key covers a crash after Stripe
 * created it and before we stored it (Stripe answers the same customer).
 */
export async function ensureStripeCustomer(workspaceId: string): Promise<string> {
  return runAsService("stripe:customer", async (tx) => {
    const row = await lockBillingRow(tx, workspaceId);
    if (row.stripe_customer_id) return row.stripe_customer_id;
    const ws = await tx
      .selectFrom("workspaces")
      .select(["name", "slug"])
      .where("id", "=", workspaceId)
      .executeTakeFirstOrThrow();
    let customerId: string;
    try {
      const customer = await stripeClient().customers.create(
        { name: ws.name, metadata: { workspace_id: workspaceId, workspace_slug: ws.slug } },
        { idempotencyKey: `switchboard-customer-${workspaceId}` },
      );
      customerId = customer.id;
    } catch (e) {
      throw stripeUnavailable(e);
    }
    await tx
      .updateTable("workspace_billing")
      .set({ stripe_customer_id: customerId })
      .where("workspace_id", "=", workspaceId)
      .execute();
    return customerId;
  });
}
