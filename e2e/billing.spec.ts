import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { type BillingE2eFixture, billingFixturePath } from "../test/billing/e2e-billing-fixture";
import { signUp, uniqueEmail } from "./helpers";
import { expectNoSeriousAxeViolations } from "./serious-axe";

// Runs with billing on: `E2E_BILLING=1 playwright test` (see playwright.config.ts), where
// scripts/e2e-server.ts points the app at the Stripe fake and writes this fixture.
function fixture(): BillingE2eFixture {
  const port = Number(process.env.E2E_PORT ?? 3100);
  return JSON.parse(readFileSync(billingFixturePath(port), "utf8")) as BillingE2eFixture;
}

/** A month of agent replies short of the Free plan's 500, as the usage trigger would have counted them. */
async function seedReplies(slug: string, replies: number) {
  const client = new pg.Client({ connectionString: fixture().databaseUrl });
  await client.connect();
  try {
    await client.query(
      `insert into public.usage_daily (workspace_id, day, shard, messages, assistant_messages)
       select id, (now() at time zone 'UTC')::date, 15, $2, $2 from public.workspaces where slug = $1`,
      [slug, replies],
    );
  } finally {
    await client.end();
  }
}

test("a Free workspace at its message limit upgrades through Checkout and can send again", async ({
  page,
}) => {
  await signUp(page, {
    email: uniqueEmail("billing"),
    password: "billing-password-1",
    name: "Bill Payer",
    workspace: "Billing Co",
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;

  await page.goto(`/w/${slug}/agents/new`);
  await page.getByLabel("Name", { exact: true }).fill("Billing Bot");
  await page.getByRole("button", { name: /Save|Create agent/ }).click();
  await expect(page.getByText(/version 1|Saved|created/i).first()).toBeVisible();
  await page.goto(`/w/${slug}/agents`);
  await page.getByTestId("agent-Billing Bot").getByRole("link", { name: "Chat" }).click();

  // 499 of 500 replies used: one more goes through, the next is refused.
  await seedReplies(slug, 499);
  const composer = page.getByLabel("Message");
  await composer.fill("first");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("message-assistant").last()).toContainText('You said: "first"');
  await composer.fill("second");
  await page.getByRole("button", { name: "Send" }).click();
  const notice = page.getByTestId("plan-limit-notice");
  await expect(notice).toBeVisible();
  const banner = page.getByTestId("plan-limit-banner");
  await expect(banner).toHaveAttribute("data-level", "blocked");
  await expect(banner).toContainText("500 of 500 messages");

  // Upgrade: our billing page, Stripe's (fake) hosted Checkout, back to the billing page.
  await banner.getByRole("link", { name: "Upgrade plan" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/billing$`));
  await expect(page.getByRole("heading", { name: "Free plan" })).toBeVisible();
  await page.getByRole("button", { name: "Upgrade to Pro" }).click();
  await page.waitForURL(`${fixture().stripeBaseUrl}/checkout/**`);
  await page.getByRole("button", { name: "Pay and subscribe" }).click();
  await page.waitForURL(new RegExp(`/w/${slug}/billing\\?checkout=success`));
  await expect(page.getByRole("heading", { name: "Pro plan" })).toBeVisible();
  await expect(page.getByTestId("checkout-returned")).toContainText("the subscription is active");
  await expect(page.getByTestId("usage-message")).toContainText("500 of 10000 messages");
  await expect(page.getByTestId("invoice-row")).toHaveCount(1);
  await expect(page.getByTestId("billing-notice").first()).toContainText("now on the Pro plan");
  await expect(page.getByTestId("plan-limit-banner")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Manage billing" })).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  // Sending works again.
  await page.goto(`/w/${slug}/agents`);
  await page.getByTestId("agent-Billing Bot").getByRole("link", { name: "Chat" }).click();
  await page.getByLabel("Message").fill("third");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("message-assistant").last()).toContainText('You said: "third"');
  await expect(page.getByTestId("plan-limit-notice")).toHaveCount(0);

  // The portal opens for the customer and leads back.
  await page.goto(`/w/${slug}/billing`);
  await page.getByRole("button", { name: "Manage billing" }).click();
  await page.waitForURL(`${fixture().stripeBaseUrl}/portal/**`);
  await page.getByRole("link", { name: "Return" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/billing$`));
});
