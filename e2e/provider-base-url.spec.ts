import { expect, test } from "@playwright/test";
import { openNav, signUp, uniqueEmail } from "./helpers";

// A saved provider key is never sent to a new address: moving a connection's
// base URL asks for the key again (or its removal), in the form and on the
// server. Public IP literals need no DNS, so they pass the SSRF check offline;
// nothing is fetched on save.
const HOME = "http://93.184.215.14/v1";
const ELSEWHERE = "http://1.1.1.1/v1";

test("editing a provider's base URL asks for the key again before anything is sent", async ({ page }) => {
  await signUp(page, {
    email: uniqueEmail("prov-url"),
    password: "provider-url-password-1",
    name: "Pat Provider",
    workspace: `Providers ${Date.now() % 100000}`,
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;
  await openNav(page);
  await page.goto(`/w/${slug}/settings/providers`);

  await page.getByRole("button", { name: "Add provider" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Provider").click();
  await page.getByRole("option", { name: "OpenAI-compatible" }).click();
  await dialog.getByLabel("Name").fill("Gateway");
  await dialog.getByLabel("Base URL", { exact: true }).fill(HOME);
  await dialog.getByLabel("Models").fill("m1");
  await dialog.getByLabel("API key").fill("sk-e2e-provider-key-4321");
  await dialog.getByRole("button", { name: "Add provider" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(HOME)).toBeVisible();

  await page.getByRole("button", { name: "Edit Gateway" }).click();
  await expect(dialog.getByLabel("API key", { exact: true })).toBeVisible();
  await dialog.getByLabel("Base URL", { exact: true }).fill(ELSEWHERE);
  const keyField = dialog.getByLabel("API key (required to change the base URL)");
  await expect(keyField).toBeVisible();
  await expect(dialog.getByText("the saved key is never sent to a new address")).toBeVisible();

  // Saving without the key sends nothing and says why, at the field.
  const patches: string[] = [];
  page.on("request", (r) => {
    if (r.method() === "PATCH" && r.url().includes("/providers/")) patches.push(r.url());
  });
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(
    dialog.getByText("Enter the API key again to change the base URL, or remove the key."),
  ).toBeVisible();
  await expect(keyField).toBeFocused();
  await expect(keyField).toHaveAttribute("aria-invalid", "true");
  expect(patches).toEqual([]);

  // Putting the URL back lifts the requirement.
  await dialog.getByLabel("Base URL", { exact: true }).fill(`${HOME}/`);
  await expect(dialog.getByLabel("API key", { exact: true })).toBeVisible();

  // With the key entered again, the move is saved.
  await dialog.getByLabel("Base URL", { exact: true }).fill(ELSEWHERE);
  await keyField.fill("sk-e2e-key-for-new-host-8765");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(ELSEWHERE)).toBeVisible();
  await expect(page.getByText("••••8765")).toBeVisible();
  expect(patches).toHaveLength(1);
});
