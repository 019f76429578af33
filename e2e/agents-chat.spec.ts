import { expect, test } from "@playwright/test";
import { openNav, signUp, uniqueEmail } from "./helpers";

test("create an agent, chat with the offline model, tools, reload, regenerate, edit-and-resend", async ({
  page,
}) => {
  await signUp(page, {
    email: uniqueEmail("chat"),
    password: "chat-password-1",
    name: "Cara Chat",
    workspace: "Chat Co",
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;

  await openNav(page);
  await page.getByRole("link", { name: "Agents" }).click();
  await page
    .getByRole("link", { name: /New agent|Create agent/ })
    .first()
    .click();
  await page.getByLabel("Name", { exact: true }).fill("Helper Bot");
  await page.getByLabel("Welcome message").fill("Hi! I can do arithmetic.");
  await page.getByLabel("Calculator").check();
  await page.getByRole("button", { name: /Save|Create agent/ }).click();
  await expect(page.getByText(/version 1|Saved|created/i).first()).toBeVisible();

  await page.goto(`/w/${slug}/agents`);
  const card = page.getByTestId("agent-Helper Bot");
  await expect(card).toBeVisible();
  await card.getByRole("link", { name: "Chat" }).click();
  await expect(page.getByText("Offline demo model").first()).toBeVisible();
  await expect(page.getByTestId("agent-welcome")).toHaveText("Hi! I can do arithmetic.");

  // Streamed text.
  const composer = page.getByLabel("Message");
  await composer.fill("hello there");
  await page.getByRole("button", { name: "Send" }).click();
  const assistant = page.getByTestId("message-assistant");
  await expect(assistant.last()).toContainText('You said: "hello there"');

  // A tool call, shown inline.
  await composer.fill("use the calculator tool: 6*7");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("tool-call").last()).toContainText("calculator");
  await expect(assistant.last()).toContainText("42");
  await expect(page).toHaveURL(/[?&]c=[0-9a-f-]{36}/);

  // Reload: history intact.
  await page.reload();
  await expect(page.getByTestId("message-user")).toHaveCount(2);
  await expect(page.getByTestId("message-assistant")).toHaveCount(2);
  await expect(page.getByTestId("tool-call").last()).toContainText("calculator");

  // Regenerate the last reply: still two exchanges.
  await page.getByRole("button", { name: "Regenerate" }).last().click();
  await expect(page.getByTestId("tool-call").last()).toContainText("calculator");
  await page.reload();
  await expect(page.getByTestId("message-assistant")).toHaveCount(2);

  // Edit the first message and resend: the tail is replaced.
  await page.getByTestId("message-user").first().hover();
  await page.getByRole("button", { name: "Edit" }).first().click();
  const editor = page.getByTestId("message-user").first().getByRole("textbox");
  await editor.fill("edited greeting");
  await page.getByRole("button", { name: "Save & send" }).click();
  await expect(page.getByTestId("message-assistant").last()).toContainText('You said: "edited greeting"');
  await page.reload();
  await expect(page.getByTestId("message-user")).toHaveCount(1);
  await expect(page.getByTestId("message-user").first()).toContainText("edited greeting");

  // Stop mid-reply: the server ends the generation and keeps the text so far, marked stopped.
  const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(" ");
  await composer.fill(long);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(assistant.last()).toContainText("You said");
  await page.getByRole("button", { name: "Stop" }).click();
  await expect(assistant.last()).toContainText("Stopped");
  await page.reload();
  await expect(page.getByTestId("message-assistant")).toHaveCount(2);
  await expect(assistant.last()).toContainText("Stopped");
  await expect(assistant.last()).toContainText("You said");
  await expect(assistant.last()).not.toContainText("real answers");
  // A stopped reply can be regenerated like any other.
  await page.getByRole("button", { name: "Regenerate" }).last().click();
  await expect(assistant.last()).toContainText("real answers");
  await expect(assistant.last()).not.toContainText("Stopped");
});

test("a viewer can read agents but not edit them", async ({ page, browser, baseURL }) => {
  const origin = baseURL as string;
  await signUp(page, {
    email: uniqueEmail("owner2"),
    password: "owner2-password",
    name: "Owner Two",
    workspace: "View Co",
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;
  const created = await page.request.post(`/api/workspaces/${slug}/agents`, {
    data: { name: "Locked Bot" },
    headers: { origin },
  });
  expect(created.status()).toBe(201);
  const { agent } = (await created.json()) as { agent: { id: string } };

  const viewerEmail = uniqueEmail("viewer");
  const invite = await page.request.post(`/api/workspaces/${slug}/invitations`, {
    data: { email: viewerEmail, role: "viewer" },
    headers: { origin },
  });
  const { inviteUrl } = (await invite.json()) as { inviteUrl: string };

  const ctx = await browser.newContext({ ...test.info().project.use, baseURL });
  const viewer = await ctx.newPage();
  await signUp(viewer, {
    email: viewerEmail,
    password: "viewer-password",
    name: "Vic Viewer",
    next: new URL(inviteUrl).pathname,
  });
  await viewer.getByRole("button", { name: "Accept invitation" }).click();
  await expect(viewer).toHaveURL(new RegExp(`/w/${slug}$`));

  await viewer.goto(`/w/${slug}/agents`);
  await expect(viewer.getByTestId("agent-Locked Bot")).toBeVisible();
  await expect(viewer.getByRole("link", { name: "New agent" })).toHaveCount(0);
  await viewer.goto(`/w/${slug}/agents/${agent.id}/edit`);
  await expect(viewer.getByText("Viewers can't edit agents")).toBeVisible();
  await expect(viewer.getByLabel("Name", { exact: true })).toBeDisabled();
  const res = await viewer.request.patch(`/api/workspaces/${slug}/agents/${agent.id}`, {
    data: { name: "Hijacked" },
    headers: { origin },
  });
  expect(res.status()).toBe(403);
  await ctx.close();
});
