import { POST as webhookPost } from "@/app/api/billing/stripe/webhook/route";
import { invalidateBillingCache } from "@/lib/billing/entitlements";
import { runAsService } from "@/lib/db/rls";
import { rereadEnv } from "@/lib/env";
import { type SignedEvent, type StripeFake, startStripeFake } from "@/test/fakes/stripe-fake";

/**
 * Billing switched on against the Stripe fake: the environment a hosted
 * Switchboard would have (secret key, webhook secret, plan prices), with the
 * SDK pointed at the fake. `stop()` switches billing off again.
 */
export const WEBHOOK_SECRET = "whsec_test_billing_kit_0123456789";
export const BILLING_ENV = {
  STRIPE_SECRET_KEY: "sk_test_billing_kit",
  STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
  STRIPE_PRICE_PRO: "price_pro_test",
  STRIPE_PRICE_BUSINESS: "price_business_test",
  STRIPE_PRICE_MESSAGES_OVERAGE: "price_messages_overage_test",
  BILLING_GRACE_DAYS: "7",
};

export async function startBilling(): Promise<StripeFake & { stopBilling(): Promise<void> }> {
  const fake = await startStripeFake({ webhookSecret: WEBHOOK_SECRET });
  const vars = { ...BILLING_ENV, ...fake.env };
  Object.assign(process.env, vars);
  rereadEnv();
  invalidateBillingCache();
  return Object.assign(fake, {
    async stopBilling() {
      for (const k of Object.keys(vars)) delete process.env[k];
      rereadEnv();
      invalidateBillingCache();
      await fake.stop();
    },
  });
}

/** Posts raw bytes to the webhook route as Stripe would; answers status and JSON. */
export async function postWebhook(payload: string, signature: string | null) {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
  if (signature !== null) headers["stripe-signature"] = signature;
  const res = await webhookPost(
    new Request("http://localhost:3000/api/billing/stripe/webhook", {
      method: "POST",
      headers,
      body: payload,
    }),
  );
  return { status: res.status, json: (await res.json()) as { outcome?: string; error?: { code: string } } };
}

/** Delivers signed events in the given order; answers each outcome. */
export async function deliverAll(events: SignedEvent[]): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = [];
  for (const e of events) {
    const r = await postWebhook(e.payload, e.signature);
    if (r.status !== 200) throw new Error(`webhook answered ${r.status}: ${JSON.stringify(r.json)}`);
    out.push(r.json.outcome);
  }
  return out;
}

export async function billingRow(workspaceId: string) {
  return runAsService("test:billing-row", (tx) =>
    tx.selectFrom("workspace_billing").selectAll().where("workspace_id", "=", workspaceId).executeTakeFirst(),
  );
}

export async function noticeKinds(workspaceId: string): Promise<string[]> {
  const rows = await runAsService("test:billing-notices", (tx) =>
    tx
      .selectFrom("billing_notices")
      .select("kind")
      .where("workspace_id", "=", workspaceId)
      .orderBy("created_at")
      .execute(),
  );
  return rows.map((r) => r.kind);
}
