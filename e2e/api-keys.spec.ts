import { expect, test } from "@playwright/test";
import { expectNoHorizontalScroll, openNav, signUp, uniqueEmail } from "./helpers";

const KEY = /^sbk_[A-Za-z0-9]{8}_[A-Za-z0-9]{40}$/;

test("an admin creates a key, sees it once, uses it, revokes it; MCP activity renders", async ({
  page,
  request,
}) => {
  await signUp(page, {
    email: uniqueEmail("keys"),
    password: "keys-password-1",
    name: "Kim Keys",
    workspace: `Keys ${Date.now() % 100000}`,
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;

  await openNav(page);
  await page.getByRole("link", { name: "API keys" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/settings/api-keys$`));
  await expect(page.getByText("No API keys yet")).toBeVisible();
  await expect(page.getByTestId("snippet-claude-desktop")).toContainText("sbk_...");
  await expectNoHorizontalScroll(page);

  // Create: read-only, every group (the default), expiring in 30 days.
  await page.getByRole("button", { name: "Create key" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill("E2E script");
  await expect(dialog.getByRole("radio", { name: /Read only/ })).toBeChecked();
  await expect(dialog.getByRole("checkbox", { name: /Catalog/ })).toBeChecked();
  await dialog.getByLabel("Expires").click();
  await page.getByRole("option", { name: "In 30 days" }).click();
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog).toBeHidden();

  // Shown once, with the warning, and filled into the snippets.
  const reveal = page.getByTestId("new-api-key");
  await expect(reveal).toContainText("You won't see it again");
  const secret = await page.getByTestId("new-api-key-secret").inputValue();
  expect(secret).toMatch(KEY);
  await expect(page.getByTestId("snippet-claude-desktop")).toContainText(`Bearer ${secret}`);
  await page.getByRole("button", { name: /Cursor/ }).click();
  await expect(page.getByTestId("snippet-cursor")).toContainText(`"Authorization": "Bearer ${secret}"`);
  await expectNoHorizontalScroll(page);

  const auth = { authorization: `Bearer ${secret}` };
  const ok = await request.get("/api/v1/agents", { headers: auth });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toEqual({ agents: [] });

  // Dismissed, or after a reload, the secret is gone for good: the list shows only its prefix.
  await page.getByRole("button", { name: "I've saved it" }).click();
  await expect(reveal).toBeHidden();
  await page.reload();
  const row = page.getByTestId("api-key-row").filter({ hasText: "E2E script" });
  await expect(row).toContainText(secret.slice(0, 12));
  await expect(row.getByTestId("api-key-status")).toHaveText("Active");
  expect(await page.content()).not.toContain(secret);

  // Revoke with confirmation; the very next call is refused.
  await row.getByRole("button", { name: "Revoke E2E script" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(row.getByTestId("api-key-status")).toHaveText("Revoked");
  const refused = await request.get("/api/v1/agents", { headers: auth });
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toContain("Bearer");
  expect((await refused.json()).error.code).toBe("unauthorized");

  // MCP activity: no MCP server runs here, so the page shows its summary and the empty state.
  await openNav(page);
  await page.getByRole("link", { name: "MCP activity" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/mcp-activity$`));
  await expect(page.getByRole("heading", { name: "MCP activity" })).toBeVisible();
  await expect(page.getByTestId("mcp-stat-calls")).toHaveText("0");
  await expect(page.getByText("No MCP calls yet")).toBeVisible();
  await page.getByRole("button", { name: "7 days" }).click();
  await expect(page.getByTestId("mcp-stat-calls")).toHaveText("0");
  await expectNoHorizontalScroll(page);
});
