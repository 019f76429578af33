import { sql } from "kysely";
import { invalidateBillingCache } from "@/lib/billing/entitlements";
import type { PlanId } from "@/lib/billing/plans";
import type { Database } from "@/lib/db/client";
import { runAsService } from "@/lib/db/rls";
import { rereadEnv } from "@/lib/env";

/** Turns billing on (a Stripe key set) or off for this test file's process. */
export function setBilling(on: boolean): void {
  if (on) process.env.STRIPE_SECRET_KEY = "sk_test_billing_kit";
  else delete process.env.STRIPE_SECRET_KEY;
  rereadEnv();
  invalidateBillingCache();
}

/** Puts a workspace on a plan, as the Stripe webhook would leave it. */
export async function setPlan(
  db: Database,
  workspaceId: string,
  plan: PlanId,
  status: "active" | "trialing" | "past_due" | "canceled" | "none" = "active",
  graceUntil: Date | null = null,
): Promise<void> {
  await runAsService(
    "test:billing-plan",
    (tx) =>
      sql`insert into public.workspace_billing (workspace_id, plan, status, grace_until)
          values (${workspaceId}, ${plan}, ${status}, ${graceUntil})
          on conflict (workspace_id) do update set plan = excluded.plan, status = excluded.status,
            grace_until = excluded.grace_until`.execute(tx),
    db,
  );
  invalidateBillingCache(workspaceId);
}

/**
 * Adds `n` agent replies to this month's usage, as the usage trigger does for
 * stored replies (a day row of its own, so it never collides with real ones).
 */
export async function addMessageUsage(db: Database, workspaceId: string, n: number): Promise<void> {
  await runAsService(
    "test:billing-usage",
    (tx) =>
      sql`insert into public.usage_daily as u (workspace_id, inbox_id, agent_id, day, shard, messages, assistant_messages)
          values (${workspaceId}, null, null, (now() at time zone 'UTC')::date, 15, ${n}, ${n})
          on conflict (workspace_id, day, inbox_id, agent_id, shard) do update set
            messages = u.messages + excluded.messages, assistant_messages = u.assistant_messages + excluded.assistant_messages`.execute(
        tx,
      ),
    db,
  );
  invalidateBillingCache(workspaceId);
}
