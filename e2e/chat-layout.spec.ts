import { expect, type Page, test } from "@playwright/test";
import { expectNoHorizontalScroll, signUp, uniqueEmail } from "./helpers";
import { expectNoSeriousAxeViolations } from "./serious-axe";

async function newWorkspace(page: Page, who: string): Promise<string> {
  await signUp(page, {
    email: uniqueEmail(who),
    password: `${who}-password-1`,
    name: `${who} Person`,
    workspace: `${who} Co`,
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  return new URL(page.url()).pathname.split("/")[2] as string;
}

async function createAgent(page: Page, slug: string, data: Record<string, unknown>): Promise<string> {
  const origin = new URL(page.url()).origin;
  const res = await page.request.post(`/api/workspaces/${slug}/agents`, { data, headers: { origin } });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { agent: { id: string } }).agent.id;
}

test("the chat: one header holding its h1, full height, suggestions that match the agent's tools", async ({
  page,
}) => {
  const slug = await newWorkspace(page, "layout");
  // The Support preset has web_fetch and tag_conversation, not the calculator.
  const support = await createAgent(page, slug, { name: "Support bot", type: "support" });
  await page.goto(`/w/${slug}/agents/${support}/chat`);

  const h1 = page.getByRole("heading", { level: 1 });
  await expect(h1).toHaveCount(1);
  await expect(h1).toHaveText("Support bot");
  // The h1 sits in the shell's top bar: there is no second header above the messages.
  await expect(page.getByRole("banner").getByRole("heading", { level: 1 })).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Agents" }),
  ).toBeVisible({ visible: (page.viewportSize()?.width ?? 0) >= 768 });

  const tools = page.getByTestId("agent-tools");
  await expect(tools).toContainText("Web fetch");
  await expect(tools).toContainText("Tag conversation");
  await expect(tools).not.toContainText("Calculator");
  const suggestions = page.getByRole("list", { name: "Suggestions" }).getByRole("button");
  await expect(suggestions.first()).toBeVisible();
  await expect(suggestions.filter({ hasText: /calculator/i })).toHaveCount(0);
  await expect(suggestions.filter({ hasText: "read this page" })).toHaveCount(1);

  // Full height: the composer ends at the bottom of the screen and the page itself does not scroll.
  const composer = page.getByLabel("Message");
  const viewport = page.viewportSize() as { width: number; height: number };
  const form = await composer.locator("xpath=ancestor::form").boundingBox();
  expect(form).not.toBeNull();
  expect(Math.abs((form?.y ?? 0) + (form?.height ?? 0) - viewport.height)).toBeLessThanOrEqual(2);
  const bar = await page.getByRole("banner").boundingBox();
  expect(bar?.height).toBeLessThanOrEqual(57);
  const pageScroll = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
  expect(pageScroll).toBeLessThanOrEqual(1);
  await expectNoHorizontalScroll(page);

  // The composer grows with its text, up to a limit, then scrolls.
  const one = (await composer.boundingBox())?.height ?? 0;
  await composer.fill("line\n".repeat(4));
  const five = (await composer.boundingBox())?.height ?? 0;
  expect(five).toBeGreaterThan(one + 40);
  await composer.fill("line\n".repeat(40));
  const many = (await composer.boundingBox())?.height ?? 0;
  expect(many).toBeGreaterThan(five);
  expect(many).toBeLessThanOrEqual(202);

  // The user's text comes back as typed: 6*7 and 6*7 is not italics.
  await composer.fill("6*7 and 6*7");
  await page.getByRole("button", { name: "Send" }).click();
  const reply = page.getByTestId("message-assistant").last();
  await expect(reply).toContainText('You said: "6*7 and 6*7"');
  await expect(reply.locator("em")).toHaveCount(0);
  await expect(reply).toContainText("Add a model provider");

  await expectNoSeriousAxeViolations(page);
});

test("an agent with the calculator is offered the calculator, and the suggestion calls it", async ({
  page,
}) => {
  const slug = await newWorkspace(page, "calc");
  const copilot = await createAgent(page, slug, { name: "Copilot bot", type: "copilot" });
  await page.goto(`/w/${slug}/agents/${copilot}/chat`);
  await expect(page.getByTestId("agent-tools")).toContainText("Calculator");
  await page.getByRole("button", { name: "Use the calculator: 6*7" }).click();
  await expect(page.getByTestId("tool-call").last()).toContainText("calculator");
  await expect(page.getByTestId("message-assistant").last()).toContainText("42");

  // An agent without tools says so, and suggests plain prompts.
  const bare = await createAgent(page, slug, { name: "Bare bot", type: "custom" });
  await page.goto(`/w/${slug}/agents/${bare}/chat`);
  await expect(page.getByTestId("agent-tools")).toContainText("no tools enabled");
  await expect(page.getByRole("list", { name: "Suggestions" }).getByRole("button").first()).toBeVisible();
  await expect(page.getByRole("list", { name: "Suggestions" })).not.toContainText(/Use /);
});

test("the new agent form: presets first, advanced settings collapsed and opened by their errors", async ({
  page,
}) => {
  const slug = await newWorkspace(page, "form");
  await page.goto(`/w/${slug}/agents/new`);
  await expect(page.getByRole("heading", { level: 1, name: "New agent" })).toBeVisible();

  // Presets come first, and each says which tools it turns on.
  const presets = page.getByRole("group", { name: "Start from a preset" });
  const firstControl = page.locator("form").locator("input, textarea, button, select").first();
  await expect(firstControl).toHaveAttribute("name", "agent-type");
  await expect(presets.getByRole("radio", { name: /Support/ })).toBeChecked();
  await expect(presets).toContainText("Tools: Tag conversation, Web fetch");

  // Advanced settings are collapsed; the disclosure works from the keyboard.
  const advanced = page.getByRole("button", { name: /Advanced settings/ });
  await expect(advanced).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByLabel("Temperature")).toHaveCount(0);
  await advanced.focus();
  await page.keyboard.press("Enter");
  await expect(advanced).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByLabel("Temperature")).toBeVisible();
  await page.keyboard.press("Space");
  await expect(advanced).toHaveAttribute("aria-expanded", "false");

  // Much shorter than the ~2,800 px it was.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if ((page.viewportSize()?.width ?? 0) >= 1024) expect(height).toBeLessThan(2000);

  await expectNoSeriousAxeViolations(page);

  // An invalid value inside the collapsed section opens it and shows (and focuses) the error.
  await advanced.click();
  await page.getByLabel("Temperature").fill("5");
  await advanced.click();
  await expect(page.getByLabel("Temperature")).toHaveCount(0);
  await page.getByLabel("Name", { exact: true }).fill("Form bot");
  await page.getByRole("button", { name: "Create agent" }).click();
  await expect(advanced).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByText("Enter a value from 0 to 2.")).toBeVisible();
  await expect(page.getByLabel("Temperature")).toBeFocused();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/agents/new$`));

  // Fixed, it saves.
  await page.getByLabel("Temperature").fill("0.4");
  await page.getByRole("button", { name: "Create agent" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/agents/[0-9a-f-]{36}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Form bot" })).toBeVisible();
});
