import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";
import { expectNoSeriousAxeViolations } from "./serious-axe";

test("a conversation's priority is set in the inbox, kept, shown in the list and filtered by", async ({
  page,
}) => {
  await signUp(page, {
    email: uniqueEmail("priority"),
    password: "priority-password-1",
    name: "Pat Priority",
    workspace: "Priority Co",
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;
  const headers = { origin: new URL(page.url()).origin };
  const created = await page.request.post(`/api/workspaces/${slug}/agents`, {
    data: { name: "Triage bot" },
    headers,
  });
  const { agent } = (await created.json()) as { agent: { id: string } };
  const started = await page.request.post(`/api/workspaces/${slug}/conversations`, {
    data: { agentId: agent.id, title: "Refund for order 4711" },
    headers,
  });
  expect(started.status()).toBe(201);
  const { conversation } = (await started.json()) as { conversation: { id: string; priority: string } };
  expect(conversation.priority).toBe("normal");

  await page.goto(`/w/${slug}/inbox?c=${conversation.id}`);
  const detail = page.getByRole("article");
  const picker = detail.getByRole("combobox", { name: "Conversation priority" });
  await expect(picker).toHaveText("Normal priority");
  await picker.click();
  await page.getByRole("option", { name: "Urgent priority" }).click();
  await expect(detail.getByText("Urgent priority", { exact: true }).first()).toBeVisible();
  // The closing list (its fade-out lies over the buttons beside the picker) must be gone before axe reads colours.
  await expect(page.getByRole("listbox")).toHaveCount(0);
  await expectNoSeriousAxeViolations(page);

  // Stored: the API and a fresh page say so.
  const read = await page.request.get(`/api/workspaces/${slug}/conversations/${conversation.id}`);
  expect(((await read.json()) as { conversation: { priority: string } }).conversation.priority).toBe(
    "urgent",
  );
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Conversation priority" })).toHaveText("Urgent priority");

  // The list (on a phone it is its own screen) shows it and filters by it.
  await page.goto(`/w/${slug}/inbox`);
  const list = page.getByRole("navigation", { name: "Conversations" });
  await expect(list.getByText("Urgent priority")).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  const filter = page.getByRole("combobox", { name: "Priority", exact: true });
  await filter.click();
  await page.getByRole("option", { name: "Low", exact: true }).click();
  await expect(page.getByText("No conversations match")).toBeVisible();
  await filter.click();
  await page.getByRole("option", { name: "Urgent", exact: true }).click();
  await expect(list.getByText("Refund for order 4711")).toBeVisible();
});
