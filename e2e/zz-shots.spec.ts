import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

test("shots", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  await signUp(page, {
    email: uniqueEmail("shot"),
    password: "shot-password-1",
    name: "Grace Hopper",
    workspace: "The Extraordinarily Long Workspace Name Of A Company",
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;
  await expect(page.getByTestId("onboarding")).toBeVisible();
  await page.screenshot({ path: "/tmp/shot-overview.png", fullPage: true });
  const headers = { origin: baseURL as string };
  await page.request.post(`/api/workspaces/${slug}/api-keys`, {
    data: { name: "A build server key with a long name", scopes: ["read", "chat"] },
    headers,
  });
  await page.request.post(`/api/workspaces/${slug}/catalog/products`, {
    data: { sku: `SKU-${"X".repeat(60)}`, name: "A ceramic mug with a long descriptive name", price: 9 },
    headers,
  });
  await page.goto(`/w/${slug}/settings/providers`);
  await expect(page.getByRole("heading", { name: "Model prices" })).toBeVisible();
  await page
    .getByRole("textbox", { name: /^Output price for / })
    .first()
    .fill("7.5");
  await page.getByRole("heading", { name: "Model prices" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: "/tmp/shot-prices.png", fullPage: true });
  await page.goto(`/w/${slug}/audit`);
  await expect(page.getByTestId("audit-entry").first()).toBeVisible();
  await page.screenshot({ path: "/tmp/shot-audit.png", fullPage: true });
  await page.goto(`/w/${slug}/settings/api-keys`);
  await expect(page.getByTestId("api-key-row").first()).toBeVisible();
  await page.screenshot({ path: "/tmp/shot-keys.png", fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/w/${slug}/audit`);
  await expect(page.getByTestId("audit-entry").first()).toBeVisible();
  await page.screenshot({ path: "/tmp/shot-audit-desktop.png", fullPage: true });
  await page.goto(`/w/${slug}`);
  await expect(page.getByTestId("recent-activity")).toBeVisible();
  await page.screenshot({ path: "/tmp/shot-overview-desktop.png", fullPage: true });
});
