import { expect, type Page, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

async function newWorkspace(page: Page, opts: { email: string; name: string; workspace: string }) {
  await signUp(page, { ...opts, password: "overview-password-1" });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  return new URL(page.url()).pathname.split("/")[2] as string;
}

test("a new workspace's Overview: 7 days and one onboarding card whose steps tick off from real data", async ({
  page,
  baseURL,
}) => {
  const slug = await newWorkspace(page, {
    email: uniqueEmail("onboard"),
    name: "Nora New",
    workspace: `Onboard ${Date.now() % 100000}`,
  });
  const headers = { origin: baseURL as string };
  const base = `/api/workspaces/${slug}`;
  const card = page.getByTestId("onboarding");
  const step = (id: string) => page.getByTestId(`onboarding-step-${id}`);

  await expect(page.getByRole("button", { name: "7 days" })).toHaveAttribute("aria-pressed", "true");
  await expect(card).toBeVisible();
  await expect(card.getByRole("heading", { name: "Get started" })).toBeVisible();
  for (const id of ["agent", "chat", "connect"]) await expect(step(id)).toHaveAttribute("data-done", "false");
  // Instead of empty charts and an empty-state: no usage figures at all yet.
  await expect(page.getByText(/No usage in the last/)).toHaveCount(0);
  await expect(page.locator(".recharts-wrapper")).toHaveCount(0);
  await expect(card.getByRole("link", { name: "New agent" })).toHaveAttribute(
    "href",
    `/w/${slug}/agents/new`,
  );

  const created = await page.request.post(`${base}/agents`, { data: { name: "First Bot" }, headers });
  expect(created.status()).toBe(201);
  const { agent } = (await created.json()) as { agent: { id: string } };
  await page.reload();
  await expect(step("agent")).toHaveAttribute("data-done", "true");
  await expect(step("agent")).toContainText("(done)");
  await expect(step("chat")).toHaveAttribute("data-done", "false");
  await expect(card.getByRole("link", { name: "Open the chat" })).toHaveAttribute(
    "href",
    `/w/${slug}/agents/${agent.id}/chat`,
  );

  const key = await page.request.post(`${base}/api-keys`, {
    data: { name: "Script", scopes: ["write", "chat"] },
    headers,
  });
  expect(key.status()).toBe(201);
  const { secret } = (await key.json()) as { secret: string };
  await page.reload();
  await expect(step("connect")).toHaveAttribute("data-done", "true");
  await expect(step("chat")).toHaveAttribute("data-done", "false");

  // The first chat turn is usage: the card gives way to the dashboard.
  const chat = await page.request.post("/api/v1/chat", {
    data: { agentId: agent.id, text: "hello" },
    headers: { authorization: `Bearer ${secret}` },
  });
  expect(chat.status()).toBe(200);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Usage" })).toBeVisible();
  await expect(page.getByRole("button", { name: "7 days" })).toHaveAttribute("aria-pressed", "true");
  await expect(card).toHaveCount(0);
  await expect(page.getByText(/No usage in the last/)).toHaveCount(0);
});

test("the audit log and recent activity name people, with their email as secondary text", async ({
  page,
  baseURL,
}) => {
  const email = uniqueEmail("names");
  const slug = await newWorkspace(page, {
    email,
    name: "Ada Lovelace",
    workspace: `Names ${Date.now() % 100000}`,
  });
  const headers = { origin: baseURL as string };
  // A detail value with a long unbroken token and ordinary words.
  const product = await page.request.post(`/api/workspaces/${slug}/catalog/products`, {
    data: { sku: `SKU-${"X".repeat(60)}`, name: "A ceramic mug with a long descriptive name", price: 9 },
    headers,
  });
  expect(product.status()).toBe(201);

  await page.goto(`/w/${slug}`);
  const recent = page.getByTestId("recent-activity");
  await expect(recent).toContainText("Ada Lovelace created the workspace");
  await expect(recent).toContainText("Ada Lovelace added the product");
  await expect(recent).not.toContainText(email);
  await expect(recent.getByText("Ada Lovelace created the workspace")).toHaveAttribute("title", email);

  await page.goto(`/w/${slug}/audit`);
  const entries = page.getByTestId("audit-entry");
  await expect(entries.filter({ hasText: "added the product" })).toHaveCount(1);
  for (const entry of await entries.all()) {
    await expect(entry.getByTestId("audit-actor")).toHaveText("Ada Lovelace");
    await expect(entry.getByTestId("audit-actor")).toHaveAttribute("title", email);
    await expect(entry).toContainText(email);
    await expect(entry).toContainText(
      /Ada Lovelace (created the workspace|joined as owner|added the product)/,
    );
  }

  // A long token in an entry's sentence wraps inside the table: nothing to scroll sideways, even on a phone.
  const container = page.locator('[data-slot="table-container"]');
  expect(await container.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);

  // Details (a wide-screen column): words wrap whole; only a token too long for the line breaks.
  const details = entries.first().locator("dd");
  if (await details.first().isVisible()) {
    for (const dd of await details.all()) {
      const style = await dd.evaluate((el) => {
        const s = getComputedStyle(el);
        return {
          wordBreak: s.wordBreak,
          overflowWrap: s.overflowWrap,
          over: el.scrollWidth - el.clientWidth,
        };
      });
      expect(style).toEqual({ wordBreak: "normal", overflowWrap: "anywhere", over: 0 });
    }
    const name = entries.first().locator("dd", { hasText: "ceramic mug" });
    // "descriptive" is never split across lines: the line count equals a word-wrapped layout's.
    const split = await name.evaluate((el) => {
      const range = document.createRange();
      const text = el.firstChild as Text;
      const start = (el.textContent ?? "").indexOf("descriptive");
      range.setStart(text, start);
      range.setEnd(text, start + "descriptive".length);
      return range.getClientRects().length;
    });
    expect(split).toBe(1);
  }
});

test("on any width the Overview's h1 wraps a long workspace name instead of cutting it off", async ({
  page,
}) => {
  const workspace = "The Extraordinarily Long Workspace Name Of A Company";
  await newWorkspace(page, { email: uniqueEmail("longname"), name: "Lee Long", workspace });
  const h1 = page.getByRole("heading", { level: 1, name: workspace });
  await expect(h1).toBeVisible();
  const box = await h1.evaluate((el) => {
    const s = getComputedStyle(el);
    return {
      textOverflow: s.textOverflow,
      clipped: el.scrollWidth > el.clientWidth + 1,
      lines: Math.round(el.getBoundingClientRect().height / Number.parseFloat(s.lineHeight)),
    };
  });
  expect(box.textOverflow).not.toBe("ellipsis");
  expect(box.clipped).toBe(false);
  if ((page.viewportSize()?.width ?? 0) < 640) expect(box.lines).toBeGreaterThan(1);
});

test("the Providers page's price table shows every column within its card, or scrolls with a cue", async ({
  page,
}) => {
  const slug = await newWorkspace(page, {
    email: uniqueEmail("prices"),
    name: "Pat Prices",
    workspace: `Prices ${Date.now() % 100000}`,
  });
  await page.goto(`/w/${slug}/settings/providers`);
  const table = page
    .getByRole("table")
    .filter({ has: page.getByRole("columnheader", { name: "Output / 1M" }) });
  const firstOutput = table.getByRole("textbox", { name: /^Output price for / }).first();
  await expect(firstOutput).toBeVisible();
  const container = table.locator("xpath=..");
  const [input, region] = await Promise.all([firstOutput.boundingBox(), container.boundingBox()]);
  expect(input && region).toBeTruthy();
  // Every price input is on screen without scrolling sideways.
  expect((input?.x ?? 0) + (input?.width ?? 0)).toBeLessThanOrEqual(
    (region?.x ?? 0) + (region?.width ?? 0) + 1,
  );
  // Editing a price brings up its Save button, also on screen.
  await firstOutput.fill("7.5");
  const save = table.getByRole("button", { name: "Save" });
  await expect(save).toBeVisible();
  const saveBox = await save.boundingBox();
  expect((saveBox?.x ?? 0) + (saveBox?.width ?? 0)).toBeLessThanOrEqual(
    (region?.x ?? 0) + (region?.width ?? 0) + 1,
  );
  const scrollable = await container.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
  if (scrollable) {
    // If the table must scroll (the actions column), it says so and a keyboard can scroll it.
    await expect(page.getByRole("region", { name: "Model prices" })).toHaveAttribute("tabindex", "0");
    await expect(container.locator("xpath=..").locator('[data-slot="scroll-cue"]')).toBeVisible();
  }
});
