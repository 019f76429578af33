import { randomUUID } from "node:crypto";
import { expect, type Page } from "@playwright/test";

export const uniqueEmail = (who: string) => `${who}-${randomUUID().slice(0, 8)}@example.test`;

/** On phones the navigation sits behind a menu button; on desktop it is always visible. */
export async function openNav(page: Page) {
  const toggle = page.getByRole("button", { name: "Open navigation" });
  if (await toggle.isVisible()) await toggle.click();
}

export async function signUp(
  page: Page,
  opts: { email: string; password: string; name: string; workspace?: string; next?: string },
) {
  await page.goto(opts.next ? `/sign-up?next=${encodeURIComponent(opts.next)}` : "/sign-up");
  await page.getByLabel("Display name").fill(opts.name);
  await page.getByLabel("Email").fill(opts.email);
  await page.getByLabel("Password").fill(opts.password);
  if (opts.workspace) await page.getByLabel("Workspace name").fill(opts.workspace);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function expectNoHorizontalScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
}
