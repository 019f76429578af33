import { expect, type Page, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";
import { expectNoSeriousAxeViolations } from "./serious-axe";

const isPhone = (page: Page) => (page.viewportSize()?.width ?? 0) < 768;

/** The keyboard opens it on desktop; on a phone, the top bar's Search button. */
async function openSearch(page: Page, how: "/" | "Control+K" = "/") {
  const box = page.getByRole("combobox", { name: "Search pages, agents and conversations" });
  // Retried: a key pressed while the page is still hydrating has no listener yet.
  await expect(async () => {
    if (isPhone(page)) await page.getByRole("button", { name: /^Search/ }).click();
    else await page.keyboard.press(how);
    await expect(box).toBeFocused({ timeout: 1_000 });
  }).toPass();
  return box;
}

test("search jumps to pages, agents and conversations", async ({ page }) => {
  await signUp(page, {
    email: uniqueEmail("search"),
    password: "search-password-1",
    name: "Sam Search",
    workspace: "Search Co",
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;
  const origin = new URL(page.url()).origin;
  const created = await page.request.post(`/api/workspaces/${slug}/agents`, {
    data: { name: "Support bot", type: "support" },
    headers: { origin },
  });
  const { agent } = (await created.json()) as { agent: { id: string } };
  // A conversation (titled from its first message) to find by what was said.
  const chat = await page.request.post(`/api/workspaces/${slug}/chat`, {
    data: { agentId: agent.id, trigger: "submit", text: "Refund for order 4711 please" },
    headers: { origin },
  });
  expect(chat.status()).toBe(200);
  const conversationId = chat.headers()["x-conversation-id"];
  expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
  await page.reload();

  // A page, by a keyword, with the arrow keys and Enter.
  let box = await openSearch(page, "/");
  await box.fill("tokens");
  const options = page.getByRole("listbox", { name: "Results" }).getByRole("option");
  await expect(options.first()).toHaveText(/API keys/);
  await expect(options.first()).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/settings/api-keys$`));
  await expect(page.getByRole("dialog")).toBeHidden();

  // The open palette passes axe (a listbox of options in groups, inside a labelled dialog).
  box = await openSearch(page, "/");
  await box.fill("a");
  await expect(options.first()).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.keyboard.press("Escape");

  // An agent: opens its chat.
  box = await openSearch(page, "Control+K");
  await box.fill("support");
  const agentOption = page
    .getByRole("group", { name: "Agents" })
    .getByRole("option", { name: /Support bot/ });
  await expect(agentOption).toBeVisible();
  await agentOption.click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/agents/${agent.id}/chat$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Support bot");

  // A conversation, by words in its messages: opens it.
  box = await openSearch(page, "/");
  await box.fill("order 4711");
  const convo = page.getByRole("group", { name: "Conversations" }).getByRole("option").first();
  await expect(convo).toContainText("Refund for order 4711");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await expect(convo).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]c=${conversationId}`));
  await expect(page.getByTestId("message-user").first()).toContainText("Refund for order 4711");

  // "/" typed in a field stays in the field.
  if (!isPhone(page)) {
    const composer = page.getByLabel("Message");
    await composer.click();
    await page.keyboard.type("a/b");
    await expect(composer).toHaveValue("a/b");
    await expect(page.getByRole("dialog")).toHaveCount(0);
  }

  // Ctrl+K works from inside a field too; nothing found is said, and Escape closes.
  box = await openSearch(page, "Control+K");
  await box.fill("zzzz-nothing");
  await expect(page.getByRole("status").filter({ hasText: "Nothing matches" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();
});

test("search lists only the pages the role may use", async ({ page, browser, baseURL }) => {
  await signUp(page, {
    email: uniqueEmail("srole"),
    password: "srole-password-1",
    name: "Owner Search",
    workspace: "Role Search Co",
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;
  const origin = new URL(page.url()).origin;
  const viewerEmail = uniqueEmail("sviewer");
  const invite = await page.request.post(`/api/workspaces/${slug}/invitations`, {
    data: { email: viewerEmail, role: "viewer" },
    headers: { origin },
  });
  const { inviteUrl } = (await invite.json()) as { inviteUrl: string };

  const ctx = await browser.newContext({ ...test.info().project.use, baseURL });
  const viewer = await ctx.newPage();
  await signUp(viewer, {
    email: viewerEmail,
    password: "sviewer-password",
    name: "Vee Viewer",
    next: new URL(inviteUrl).pathname,
  });
  await viewer.getByRole("button", { name: "Accept invitation" }).click();
  await expect(viewer).toHaveURL(new RegExp(`/w/${slug}$`));
  const box = await openSearch(viewer, "/");
  await box.fill("a");
  const options = viewer.getByRole("group", { name: "Pages" }).getByRole("option");
  await expect(options.filter({ hasText: "Agents" })).toHaveCount(1);
  await expect(options.filter({ hasText: "Audit log" })).toHaveCount(0);
  await expect(options.filter({ hasText: "API keys" })).toHaveCount(0);
  await expect(options.filter({ hasText: "New agent" })).toHaveCount(0);
  await ctx.close();
});
