import { expect, test } from "@playwright/test";
import { expectNoHorizontalScroll, openNav, signUp, uniqueEmail } from "./helpers";

const CSV = [
  "sku,name,description,price,currency,stock,active",
  'MUG-1,Logo mug,"Ceramic, 350 ml",9.00,USD,4,true',
  "CAP-1,Navy cap,,not-a-price,USD,2,true",
  "SOCK-1,Socks,Warm,5.5,USD,10,",
].join("\n");

test("catalog: create a product, import a CSV with a bad row, search, edit and delete", async ({ page }) => {
  await signUp(page, {
    email: uniqueEmail("catalog"),
    password: "catalog-password-1",
    name: "Cat Alog",
    workspace: "Shop Co",
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);

  await openNav(page);
  await page.getByRole("link", { name: "Catalog" }).click();
  await expect(page.getByRole("heading", { name: "Catalog" })).toBeVisible();
  await expect(page.getByText("No products yet")).toBeVisible();

  // Create one by hand; a bad price is refused beside its field first.
  await page.getByRole("button", { name: "New product" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("SKU").fill("TEE-1");
  await dialog.getByLabel("Name").fill("Black tee");
  await dialog.getByLabel("Price").fill("12.345");
  await dialog.getByLabel("Stock").fill("3");
  await dialog.getByRole("button", { name: "Add product" }).click();
  await expect(dialog.getByText("Use at most 2 decimals.")).toBeVisible();
  await dialog.getByLabel("Price").fill("12.50");
  await dialog.getByRole("button", { name: "Add product" }).click();
  await expect(dialog).toBeHidden();
  const tee = page.getByTestId("product-TEE-1");
  await expect(tee).toContainText("Black tee");
  await expect(tee).toContainText("$12.50");

  // CSV import: the bad row is reported with its number, the others are imported.
  await page.getByRole("button", { name: "Import CSV" }).click();
  const importDialog = page.getByRole("dialog");
  await importDialog
    .getByLabel("CSV file")
    .setInputFiles({ name: "products.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
  await importDialog.getByRole("button", { name: "Import" }).click();
  const result = importDialog.getByTestId("import-result");
  await expect(result).toContainText("Created 2, updated 0.");
  await expect(result).toContainText("1 row not imported");
  await expect(result).toContainText(/Row 3: price: "not-a-price" is not a price/);
  await importDialog.getByRole("button", { name: "Close" }).first().click();
  await expect(importDialog).toBeHidden();
  await expect(page.getByTestId("product-MUG-1")).toContainText("Logo mug");
  await expect(page.getByTestId("product-SOCK-1")).toBeVisible();
  await expect(page.getByTestId("product-CAP-1")).toHaveCount(0);

  // Search narrows the list; clearing it brings everything back.
  const search = page.getByLabel("Search products");
  await search.fill("ceramic");
  await expect(page.getByTestId("product-MUG-1")).toBeVisible();
  await expect(page.getByTestId("product-TEE-1")).toHaveCount(0);
  await search.fill("nothing-like-this");
  await expect(page.getByText("No matching products")).toBeVisible();
  await search.fill("");
  await expect(page.getByTestId("product-TEE-1")).toBeVisible();
  await expectNoHorizontalScroll(page);

  // Edit: stock and active.
  await page.getByRole("button", { name: "Edit Black tee" }).click();
  const edit = page.getByRole("dialog");
  await edit.getByLabel("Stock").fill("7");
  await edit.getByLabel("Active").uncheck();
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  await expect(tee).toContainText("7");
  await expect(tee).toContainText("Inactive");

  // Delete, with a confirmation; it stays gone after a reload.
  await page.getByRole("button", { name: "Delete Socks" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete product" }).click();
  await expect(page.getByTestId("product-SOCK-1")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("product-MUG-1")).toBeVisible();
  await expect(page.getByTestId("product-SOCK-1")).toHaveCount(0);
  await expectNoHorizontalScroll(page);
});
