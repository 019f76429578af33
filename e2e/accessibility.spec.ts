import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, type Browser, expect, type Page, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";
import { settleAnimations } from "./serious-axe";

// Every page of the app, with real data on it, in light and dark mode, at the project's width
// (desktop 1280 px, phone 375 px). Any serious or critical axe-core violation fails the test,
// listed with its rule, target and summary so the failure says what to fix.

type Impact = "minor" | "moderate" | "serious" | "critical";
interface Found {
  page: string;
  rule: string;
  impact: Impact;
  target: string;
  html: string;
  summary: string;
}

interface Fixture {
  slug: string;
  emptySlug: string;
  agentId: string;
  conversationId: string;
  inviteToken: string;
}

const PASSWORD = "a11y-password-1";

async function post<T>(
  request: APIRequestContext,
  url: string,
  data: unknown,
  headers: Record<string, string>,
) {
  const res = await request.post(url, { data, headers });
  expect(res.ok(), `${url} → ${res.status()} ${await res.text()}`).toBe(true);
  return (await res.json()) as T;
}

/** A workspace with an agent, a conversation, a product, an API key and a pending invitation. */
async function createFixture(page: Page, origin: string): Promise<Fixture> {
  await signUp(page, {
    email: uniqueEmail("a11y"),
    password: PASSWORD,
    name: "Ada Lovelace",
    workspace: `Accessible ${Date.now() % 100000}`,
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;
  const headers = { origin };
  const base = `/api/workspaces/${slug}`;

  const { agent } = await post<{ agent: { id: string } }>(
    page.request,
    `${base}/agents`,
    { name: "Support Bot" },
    headers,
  );
  await post(
    page.request,
    `${base}/catalog/products`,
    { sku: "MUG-1", name: "Logo mug", price: 9, stock: 4 },
    headers,
  );
  const key = await post<{ secret: string }>(
    page.request,
    `${base}/api-keys`,
    { name: "Build server", scopes: ["write", "chat", "agents", "conversations", "catalog", "usage"] },
    headers,
  );
  const { conversationId } = await post<{ conversationId: string }>(
    page.request,
    "/api/v1/chat",
    { agentId: agent.id, text: "hello, what can you do?" },
    { authorization: `Bearer ${key.secret}` },
  );
  const invitation = await post<{ inviteUrl: string }>(
    page.request,
    `${base}/invitations`,
    { email: uniqueEmail("invitee"), role: "member" },
    headers,
  );
  const inviteToken = new URL(invitation.inviteUrl).pathname.split("/").pop() as string;
  const { workspace } = await post<{ workspace: { slug: string } }>(
    page.request,
    "/api/workspaces",
    { name: `Empty ${Date.now() % 100000}` },
    headers,
  );
  return { slug, emptySlug: workspace.slug, agentId: agent.id, conversationId, inviteToken };
}

/** Waits until the page has rendered its data: a heading (or the given locator) and no skeletons. */
async function settle(page: Page, ready?: string) {
  await page.waitForLoadState("load");
  if (ready) await expect(page.locator(ready).first()).toBeVisible();
  // Every page has an h1, though it may be for screen readers only (a phone's inbox conversation).
  else await expect(page.getByRole("heading", { level: 1 }).first()).toBeAttached();
  await expect(page.locator('[data-slot="skeleton"]')).toHaveCount(0);
}

async function audit(page: Page, name: string, found: Found[]) {
  await settleAnimations(page);
  const results = await new AxeBuilder({ page }).analyze();
  for (const violation of results.violations) {
    if (violation.impact !== "serious" && violation.impact !== "critical") continue;
    for (const node of violation.nodes) {
      found.push({
        page: name,
        rule: violation.id,
        impact: violation.impact,
        target: node.target.join(" "),
        html: node.html.slice(0, 160),
        summary: node.failureSummary?.replace(/\s+/g, " ").trim() ?? violation.help,
      });
    }
  }
}

async function visit(page: Page, url: string, found: Found[], ready?: string) {
  const res = await page.goto(url);
  expect(res, url).not.toBeNull();
  await settle(page, ready);
  await audit(page, url, found);
}

/** Opens a menu or dialog on the current page, audits the page with it open, then closes it. */
async function visitOpen(
  page: Page,
  name: string,
  found: Found[],
  open: () => Promise<void>,
  role: "menu" | "dialog" | "listbox",
) {
  await open();
  await expect(page.getByRole(role)).toBeVisible();
  await audit(page, name, found);
  await page.keyboard.press("Escape");
  await expect(page.getByRole(role)).toBeHidden();
}

function report(found: Found[]) {
  return found
    .map((f) => `${f.impact} ${f.rule} on ${f.page}\n    at ${f.target}: ${f.html}\n    ${f.summary}`)
    .join("\n");
}

async function newContext(browser: Browser, baseURL: string, colorScheme: "light" | "dark") {
  return browser.newContext({ ...test.info().project.use, baseURL, colorScheme });
}

for (const scheme of ["light", "dark"] as const) {
  test(`no serious or critical axe violation on any page (${scheme} mode)`, async ({ browser, baseURL }) => {
    test.setTimeout(300_000);
    const origin = baseURL as string;
    const found: Found[] = [];

    // Signed out: the auth pages and an invitation link.
    const anon = await newContext(browser, origin, scheme);
    const guest = await anon.newPage();

    // Signed in: the owner of a workspace with data, and of a second, empty one.
    const ctx = await newContext(browser, origin, scheme);
    const page = await ctx.newPage();
    const f = await createFixture(page, origin);

    // The theme follows the emulated colour scheme (next-themes' default is "system").
    await page.goto(`/w/${f.slug}`);
    if (scheme === "dark") await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    else await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);

    for (const url of [
      "/sign-in",
      "/sign-up",
      "/forgot-password",
      "/reset-password",
      "/reset-password?token=not-a-real-token-but-long-enough",
      `/invite/${f.inviteToken}`,
      "/no-such-page",
    ]) {
      await visit(guest, url, found);
    }

    const w = `/w/${f.slug}`;
    for (const url of [
      w,
      `/w/${f.emptySlug}`,
      `${w}/agents`,
      `${w}/agents/new`,
      `${w}/agents/${f.agentId}`,
      `${w}/agents/${f.agentId}/edit`,
      `${w}/agents/${f.agentId}/versions`,
      `${w}/inbox`,
      `${w}/inbox?c=${f.conversationId}`,
      `${w}/catalog`,
      `${w}/integrations`,
      `${w}/members`,
      `${w}/audit`,
      `${w}/mcp-activity`,
      `${w}/settings`,
      `${w}/settings/api-keys`,
      `${w}/settings/providers`,
      `${w}/no-such-page`,
      "/account",
      "/new-workspace",
      `/invite/${f.inviteToken}`,
    ]) {
      await visit(page, url, found);
    }
    // Menus and dialogs (the UI kit's overlays) while open.
    await visit(page, `${w}/settings/api-keys`, found);
    await visitOpen(
      page,
      "account menu",
      found,
      () => page.getByRole("button", { name: /Account menu/ }).click(),
      "menu",
    );
    await visitOpen(
      page,
      "create key dialog",
      found,
      () => page.getByRole("button", { name: "Create key" }).click(),
      "dialog",
    );
    await visit(page, `${w}/catalog`, found);
    await visitOpen(
      page,
      "new product dialog",
      found,
      () => page.getByRole("button", { name: "New product" }).click(),
      "dialog",
    );

    await visit(page, `${w}/inbox`, found);
    await visitOpen(
      page,
      "status select",
      found,
      () => page.getByRole("combobox", { name: "Status" }).click(),
      "listbox",
    );

    // The chat page: a new conversation and one with history.
    await visit(page, `${w}/agents/${f.agentId}/chat`, found, "textarea");
    await visit(
      page,
      `${w}/agents/${f.agentId}/chat?c=${f.conversationId}`,
      found,
      '[data-testid="message-assistant"]',
    );

    await anon.close();
    await ctx.close();
    if (found.length > 0) console.log(report(found));
    expect(found, report(found)).toEqual([]);
  });
}
