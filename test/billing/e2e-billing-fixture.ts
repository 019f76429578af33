// Billing for e2e/billing.spec.ts, started by scripts/e2e-server.ts only when
// E2E_BILLING=1: the Stripe fake, the environment that points the app and the
// worker at it, and a JSON file telling the spec where the database is (it
// seeds a month of usage) — the one spec that runs with billing on.
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type StripeFake, startStripeFake } from "../fakes/stripe-fake";

export interface BillingE2eFixture {
  databaseUrl: string;
  stripeBaseUrl: string;
}

export function billingFixturePath(webPort: string | number): string {
  return path.join(os.tmpdir(), `switchboard-e2e-billing-${webPort}.json`);
}

export async function startE2eBilling(opts: {
  appUrl: string;
  databaseUrl: string;
  file: string;
}): Promise<{ fake: StripeFake; env: Record<string, string> }> {
  const webhookSecret = `whsec_e2e_${randomBytes(16).toString("hex")}`;
  const fake = await startStripeFake({
    webhookSecret,
    webhookUrl: `${opts.appUrl}/api/billing/stripe/webhook`,
  });
  const fixture: BillingE2eFixture = { databaseUrl: opts.databaseUrl, stripeBaseUrl: fake.baseUrl };
  await writeFile(opts.file, JSON.stringify(fixture, null, 2), { mode: 0o600 });
  return {
    fake,
    env: {
      STRIPE_SECRET_KEY: "sk_test_e2e",
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_PRICE_PRO: "price_pro_test",
      STRIPE_PRICE_BUSINESS: "price_business_test",
      STRIPE_PRICE_MESSAGES_OVERAGE: "price_messages_overage_test",
      ...fake.env,
    },
  };
}
