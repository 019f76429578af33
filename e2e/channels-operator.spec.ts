import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";
import { expectNoSeriousAxeViolations } from "./serious-axe";

// An operator's day with a channel: add an API channel on the Channels page
// (its webhook URL shown once), a customer writes through it, the bot answers
// on the worker, and in the Inbox the member sees the channel and the unread
// count, takes over, replies as a person (delivered) and hands back.
test("channels: set up an inbox, then take over, reply as a person and hand back in the Inbox", async ({
  page,
}) => {
  await signUp(page, {
    email: uniqueEmail("operator"),
    password: "operator-password-1",
    name: "Olga Operator",
    workspace: "Operator Co",
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;
  const headers = { origin: new URL(page.url()).origin };
  const created = await page.request.post(`/api/workspaces/${slug}/agents`, {
    data: { name: "Desk bot" },
    headers,
  });
  expect(created.status()).toBe(201);

  await page.goto(`/w/${slug}/inboxes`);
  await page.getByRole("button", { name: "Add channel" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("combobox", { name: "Channel" }).click();
  await page.getByRole("option", { name: "API" }).click();
  await dialog.getByLabel("Name").fill("Helpdesk");
  await dialog.getByRole("combobox", { name: "Agent that answers" }).click();
  await page.getByRole("option", { name: "Desk bot" }).click();
  await dialog.getByRole("button", { name: "Add channel" }).click();
  const reveal = page.getByTestId("new-webhook-url");
  await expect(reveal).toBeVisible();
  const url = await reveal.getByRole("textbox", { name: "Webhook URL" }).inputValue();
  expect(url).toMatch(/\/api\/channels\/api\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId("inbox-Helpdesk")).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await reveal.getByRole("button", { name: "I've saved it" }).click();
  await expect(reveal).toHaveCount(0);

  const sent = await page.request.post(url, {
    data: {
      messageId: "ext-1",
      conversationRef: "ticket-42",
      text: "Hello, is my order shipped?",
      contact: { name: "Carla Customer" },
    },
  });
  expect(sent.status()).toBe(202);

  await page.goto(`/w/${slug}/inbox`);
  const list = page.getByRole("navigation", { name: "Conversations" });
  const row = list.getByRole("link").filter({ hasText: "Helpdesk" });
  await expect(row).toBeVisible();
  await expect(row.getByLabel("1 unread")).toBeVisible();
  await row.click();

  const detail = page.getByRole("article");
  const bar = detail.getByTestId("handler-bar");
  await expect(bar).toContainText("Handled by the bot");
  // The bot's answer, on the worker, delivered to the channel.
  await expect(detail.getByTestId("message-assistant")).toHaveCount(1, { timeout: 20_000 });
  await expect(detail.getByTestId("delivery").first()).toContainText("Sent", { timeout: 20_000 });
  // Opened by a member: read.
  await expect(row.getByLabel("1 unread")).toHaveCount(0);

  await bar.getByRole("button", { name: "Take over" }).click();
  await expect(bar).toContainText("Handled by people · you");
  await detail.getByLabel("Reply to the customer").fill("Hi Carla, it left our warehouse today.");
  await detail.getByRole("button", { name: "Send" }).click();
  await expect(detail.getByTestId("message-assistant")).toHaveCount(2);
  const human = detail.getByTestId("delivery").filter({ hasText: "Human reply · Olga Operator" });
  await expect(human).toBeVisible();
  await expect(human).toContainText("Sent", { timeout: 20_000 });
  await expectNoSeriousAxeViolations(page);

  await bar.getByRole("button", { name: "Hand back to bot" }).click();
  await expect(bar).toContainText("Handled by the bot");

  // The channel filter finds it; the web chat filter does not. On a phone the open
  // conversation takes the whole page: back to the list first.
  const allConversations = page.getByRole("link", { name: "All conversations" });
  if (await allConversations.isVisible()) await allConversations.click();
  const filter = page.getByRole("combobox", { name: "Channel", exact: true });
  await filter.click();
  await page.getByRole("option", { name: "Web chat" }).click();
  await expect(page.getByText("No conversations match")).toBeVisible();
  await filter.click();
  await page.getByRole("option", { name: "API" }).click();
  await expect(row).toBeVisible();
});
