import { createServer, type Server } from "node:http";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, expect, type FrameLocator, type Page, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

// The embeddable widget on a plain third-party page: another origin (a tiny static
// server on E2E_PORT + 2) that only adds the <script> tag. A visitor chats with the
// offline model, reloads and keeps the conversation; an operator takes over in the
// Inbox and the visitor sees the person's reply. Runs in both projects: 1280 px and 375 px.

const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
const SITE_PORT = APP_PORT + 2;
const SITE = `http://127.0.0.1:${SITE_PORT}`;
const APP = `http://localhost:${APP_PORT}`;

// Hostile CSS on the host page: none of it may reach the widget, and the widget adds none to the page.
const hostPage = (publicKey: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Shoes</title>
<style>
  * { font-family: "Comic Sans MS", cursive !important; color: #b00 !important; }
  button { display: none !important; }
  iframe { border: 12px solid lime !important; width: 10px !important; opacity: .2 !important; }
  h1 { font-size: 40px; }
</style></head>
<body><h1>Acme Shoes</h1><p>Red shoes, blue shoes.</p>
<script src="${APP}/widget.js" data-inbox="${publicKey}" async></script>
</body></html>`;

let site: Server;
const pages = new Map<string, string>();

test.beforeAll(async () => {
  site = createServer((req, res) => {
    const key = new URL(req.url ?? "/", SITE).searchParams.get("pk") ?? "";
    const html = pages.get(key);
    res.writeHead(html ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    res.end(html ?? "not found");
  });
  // All interfaces: the "not allowed" test reaches the same server as localhost.
  await new Promise<void>((resolve) => site.listen(SITE_PORT, resolve));
});
test.afterAll(async () => {
  site.closeAllConnections();
  await new Promise((resolve) => site.close(resolve));
});

interface Operator {
  page: Page;
  slug: string;
  publicKey: string;
  close: () => Promise<void>;
}

/** A workspace owner (desktop, own browser context) with an agent on the offline model and a widget inbox. */
async function setUpOperator(browser: Browser): Promise<Operator> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signUp(page, {
    email: uniqueEmail("widget-op"),
    password: "widget-password-1",
    name: "Olivia Operator",
    workspace: "Acme Shoes",
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;
  const headers = { origin: APP };
  const agent = await page.request.post(`/api/workspaces/${slug}/agents`, {
    data: { name: "Shop assistant" },
    headers,
  });
  expect(agent.status()).toBe(201);
  const { agent: a } = (await agent.json()) as { agent: { id: string } };
  const inbox = await page.request.post(`/api/workspaces/${slug}/inboxes`, {
    data: {
      channel: "widget",
      name: "Website chat",
      agentId: a.id,
      settings: {
        allowedOrigins: [SITE],
        title: "Acme help",
        welcome: "Hi! Ask us about shoes.",
        color: "#0f766e",
      },
    },
    headers,
  });
  expect(inbox.status(), await inbox.text()).toBe(201);
  const body = (await inbox.json()) as { inbox: { publicKey: string } };
  return { page, slug, publicKey: body.inbox.publicKey, close: () => context.close() };
}

/** Serious and critical axe findings in the widget's frame, in the visitor's light and dark schemes. */
async function expectNoSeriousAxeViolationsInWidget(page: Page) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).include("iframe").analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
      `${scheme} mode`,
    ).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

function widget(page: Page): FrameLocator {
  return page.frameLocator("iframe[title='Chat']");
}

async function openWidget(page: Page) {
  const w = widget(page);
  await w.getByRole("button", { name: "Open chat: Acme help" }).click();
  await expect(w.getByRole("dialog", { name: "Acme help" })).toBeVisible();
  return w;
}

test("a visitor on a third-party site chats with the bot, keeps the conversation, and gets a person's reply", async ({
  page,
  browser,
}) => {
  const op = await setUpOperator(browser);
  pages.set(op.publicKey, hostPage(op.publicKey));
  const width = page.viewportSize()?.width ?? 0;

  await page.goto(`${SITE}/?pk=${op.publicKey}`);
  const iframe = page.locator("iframe[title='Chat']");
  await expect(iframe).toBeVisible();
  // The host page's CSS does not reach the widget's frame (our inline !important wins) or its content.
  const closed = await iframe.boundingBox();
  expect(closed?.width).toBe(80);
  expect(
    await iframe.evaluate((f) => {
      const cs = getComputedStyle(f);
      return [cs.opacity, cs.borderTopWidth];
    }),
  ).toEqual(["1", "0px"]);
  const w = widget(page);
  const launcher = w.getByRole("button", { name: "Open chat: Acme help" });
  await expect(launcher).toBeVisible();
  expect(await launcher.evaluate((b) => getComputedStyle(b).fontFamily)).not.toContain("Comic");
  // And the widget added nothing to the host page but its frame.
  expect(await page.locator("h1").evaluate((h) => getComputedStyle(h).fontSize)).toBe("40px");
  expect(await page.locator("body > *").count()).toBe(4); // h1, p, script, iframe

  // Keyboard: Enter opens the panel with the focus in the message box; Escape closes it again.
  await launcher.focus();
  await page.keyboard.press("Enter");
  const dialog = w.getByRole("dialog", { name: "Acme help" });
  await expect(dialog).toBeVisible();
  await expect(w.getByLabel("Message")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(launcher).toBeFocused();

  await openWidget(page);
  const open = await iframe.boundingBox();
  if (width <= 480) {
    // Phones: the panel is the whole screen.
    expect(open?.width).toBe(width);
    expect(open?.x).toBe(0);
  } else {
    expect(open?.width).toBe(400);
  }
  await expect(w.getByText("Hi! Ask us about shoes.")).toBeVisible();
  await expectNoSeriousAxeViolationsInWidget(page);

  await w.getByLabel("Message").fill("Do you have red shoes in size 38?");
  await page.keyboard.press("Enter");
  const log = w.getByRole("log", { name: "Conversation" });
  await expect(log.getByText("Do you have red shoes in size 38?", { exact: true })).toBeVisible();
  await expect(log.getByText('You said: "Do you have red shoes in size 38?"')).toBeVisible();

  // A reload keeps the conversation (the token is in the frame's storage).
  await page.reload();
  await openWidget(page);
  await expect(log.getByText('You said: "Do you have red shoes in size 38?"')).toBeVisible();

  // The operator takes over in the Inbox and replies as a person.
  await op.page.goto(`/w/${op.slug}/inbox`);
  await op.page.getByRole("navigation", { name: "Conversations" }).getByRole("link").first().click();
  await expect(op.page.getByText("Handled by the bot")).toBeVisible();
  await op.page.getByRole("button", { name: "Take over" }).click();
  await expect(op.page.getByRole("button", { name: "Hand back to bot" })).toBeVisible();
  // While the operator types, the visitor sees "typing…" in the team's name.
  await op.page.getByLabel("Reply to the customer").pressSequentially("Hi, I'm Olivia.");
  await expect(log.getByLabel("A person from the team is typing")).toBeVisible();
  await op.page.getByLabel("Reply to the customer").fill("Hi, I'm Olivia. We have them in 38!");
  await op.page.getByRole("form", { name: "Reply as a human" }).getByRole("button", { name: "Send" }).click();
  await expect(op.page.getByLabel("Reply to the customer")).toHaveValue("");

  // The visitor sees it live, marked as a person's.
  const human = log.locator("li.msg.human");
  await expect(human).toContainText("Hi, I'm Olivia. We have them in 38!");
  await expect(human).toContainText("A person from the team");
  // Their message replaces the "typing…".
  await expect(log.getByLabel("A person from the team is typing")).toHaveCount(0);
  await expect(w.getByRole("status")).toHaveText("You are now chatting with a person from the team.");
  await expectNoSeriousAxeViolationsInWidget(page);

  // The visitor writes again: stored for the person, no bot answer.
  await w.getByLabel("Message").fill("Great, thanks!");
  await page.keyboard.press("Enter");
  await expect(log.getByText("Great, thanks!", { exact: true })).toBeVisible();
  await page.waitForTimeout(1000);
  await expect(log.getByText('You said: "Great, thanks!"')).toHaveCount(0);

  // Close returns to the launcher.
  await w.getByRole("button", { name: "Close chat" }).click();
  await expect(launcher).toBeVisible();
  expect((await iframe.boundingBox())?.width).toBe(80);
  await op.close();
});

test("the widget shows nothing on a site the inbox does not allow", async ({ page, browser }) => {
  const op = await setUpOperator(browser);
  // Same page, but served from an origin that is not in the allowed list (localhost instead of 127.0.0.1).
  pages.set(op.publicKey, hostPage(op.publicKey));
  const refused: string[] = [];
  page.on("response", (r) => {
    if (r.url().includes("/widget/pk_") && r.status() === 403) refused.push(r.url());
  });
  await page.goto(`http://localhost:${SITE_PORT}/?pk=${op.publicKey}`);
  await expect(page.locator("iframe[title='Chat']")).toBeHidden();
  await expect.poll(() => refused.length).toBeGreaterThan(0);
  await op.close();
});
