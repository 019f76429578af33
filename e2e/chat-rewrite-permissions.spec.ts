import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

// Edit and regenerate drop a conversation's tail, so the server allows them only
// to the person who started it and to admins (lib/chat/rewrite-permissions.
// integration.test.ts). The chat must not offer a member the buttons that would
// answer 403: in someone else's conversation they read and reply, nothing more.

test("a member sees edit and regenerate only in conversations they started", async ({
  page,
  browser,
  baseURL,
}) => {
  const origin = baseURL as string;
  await signUp(page, {
    email: uniqueEmail("rewrite-owner"),
    password: "rewrite-owner-password",
    name: "Rhea Owner",
    workspace: "Rewrite Co",
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;
  const created = await page.request.post(`/api/workspaces/${slug}/agents`, {
    data: { name: "Echo Bot" },
    headers: { origin },
  });
  expect(created.status()).toBe(201);
  const { agent } = (await created.json()) as { agent: { id: string } };
  const chatUrl = `/w/${slug}/agents/${agent.id}/chat`;

  // The owner starts a conversation in the page.
  await page.goto(chatUrl);
  await page.getByLabel("Message").fill("owner's question");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByTestId("message-assistant").last()).toContainText("owner's question");
  await expect(page).toHaveURL(/[?&]c=[0-9a-f-]{36}/);
  const ownersChat = new URL(page.url()).searchParams.get("c") as string;
  await expect(page.getByRole("button", { name: "Regenerate" })).toHaveCount(1);

  const memberEmail = uniqueEmail("rewrite-member");
  const invite = await page.request.post(`/api/workspaces/${slug}/invitations`, {
    data: { email: memberEmail, role: "member" },
    headers: { origin },
  });
  const { inviteUrl } = (await invite.json()) as { inviteUrl: string };
  const ctx = await browser.newContext({ ...test.info().project.use, baseURL });
  const member = await ctx.newPage();
  await signUp(member, {
    email: memberEmail,
    password: "rewrite-member-password",
    name: "Milo Member",
    next: new URL(inviteUrl).pathname,
  });
  await member.getByRole("button", { name: "Accept invitation" }).click();
  await expect(member).toHaveURL(new RegExp(`/w/${slug}$`));

  // In the owner's conversation: the member reads and replies, but is offered no rewrite.
  await member.goto(`${chatUrl}?c=${ownersChat}`);
  await expect(member.getByTestId("message-assistant")).toHaveCount(1);
  await member.getByLabel("Message").fill("member's follow-up");
  await member.getByRole("button", { name: "Send" }).click();
  await expect(member.getByTestId("message-assistant").last()).toContainText("member's follow-up");
  await expect(member.getByRole("button", { name: "Regenerate" })).toHaveCount(0);
  await expect(member.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await member.reload();
  await expect(member.getByTestId("message-assistant")).toHaveCount(2);
  await expect(member.getByRole("button", { name: "Regenerate" })).toHaveCount(0);
  await expect(member.getByRole("button", { name: "Edit" })).toHaveCount(0);
  // ...and the server would indeed refuse it.
  const refused = await member.request.post(`/api/workspaces/${slug}/chat`, {
    data: { agentId: agent.id, conversationId: ownersChat, trigger: "regenerate" },
    headers: { origin },
  });
  expect(refused.status()).toBe(403);

  // In a conversation of their own, the member has both.
  await member.goto(chatUrl);
  await member.getByLabel("Message").fill("my own question");
  await member.getByRole("button", { name: "Send" }).click();
  await expect(member.getByTestId("message-assistant").last()).toContainText("my own question");
  await expect(member.getByRole("button", { name: "Regenerate" })).toHaveCount(1);
  await member.reload();
  await expect(member.getByTestId("message-assistant")).toHaveCount(1);
  await expect(member.getByRole("button", { name: "Regenerate" })).toHaveCount(1);
  await expect(member.getByRole("button", { name: "Edit" })).toHaveCount(1);

  // The owner (an admin) may rewrite the conversation the member joined.
  await page.reload();
  await expect(page.getByTestId("message-assistant")).toHaveCount(2);
  await expect(page.getByRole("button", { name: "Regenerate" })).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Edit" })).toHaveCount(2);
  await ctx.close();
});
