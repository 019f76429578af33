import { expect, test } from "@playwright/test";
import { expectNoHorizontalScroll, openNav, signUp, uniqueEmail } from "./helpers";

test("sign up, invite, accept, demote to viewer; the viewer cannot rename", async ({
  page,
  browser,
  baseURL,
}) => {
  const ownerEmail = uniqueEmail("owner");
  const teammateEmail = uniqueEmail("teammate");
  const workspaceName = `Acme ${Date.now() % 100000}`;

  // Owner signs up and lands in the first workspace.
  await signUp(page, {
    email: ownerEmail,
    password: "owner-password-1",
    name: "Olivia Owner",
    workspace: workspaceName,
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;
  await expect(page.getByRole("heading", { name: workspaceName })).toBeVisible();
  await expectNoHorizontalScroll(page);

  // Invite a teammate as a member and copy the link.
  await openNav(page);
  await page.getByRole("link", { name: "Members" }).click();
  await expect(page).toHaveURL(new RegExp(`/w/${slug}/members$`));
  await page.getByLabel("Email").fill(teammateEmail);
  await page.getByRole("button", { name: "Send invite" }).click();
  const inviteInput = page.getByLabel("Invite link");
  await expect(inviteInput).toHaveValue(new RegExp(`^${baseURL}/invite/[A-Za-z0-9_-]{20,}$`));
  const inviteUrl = await inviteInput.inputValue();
  await expectNoHorizontalScroll(page);

  // A second person, in a separate browser context, signs up from the link and accepts.
  const other = await browser.newContext({ ...test.info().project.use, baseURL });
  const teammate = await other.newPage();
  await teammate.goto(inviteUrl);
  await teammate.getByRole("link", { name: "Create account" }).click();
  await teammate.getByLabel("Display name").fill("Theo Teammate");
  await teammate.getByLabel("Email").fill(teammateEmail);
  await teammate.getByLabel("Password").fill("teammate-password-1");
  await teammate.getByRole("button", { name: "Create account" }).click();
  await expect(teammate).toHaveURL(/\/invite\//);
  await teammate.getByRole("button", { name: "Accept invitation" }).click();
  await expect(teammate).toHaveURL(new RegExp(`/w/${slug}$`));

  // The owner sees the new member and makes them a viewer.
  await page.reload();
  const roleSelect = page.getByLabel(`Role for ${teammateEmail}`);
  await expect(roleSelect).toBeVisible();
  await roleSelect.click();
  await page.getByRole("option", { name: /viewer/i }).click();
  await expect(page.getByText(/role (changed|updated)/i).first()).toBeVisible();

  // The viewer cannot rename: the form is read-only, and the API refuses too.
  await teammate.goto(`/w/${slug}/settings`);
  await expect(teammate.getByText("Only admins can change these")).toBeVisible();
  await expect(teammate.getByLabel("Workspace name")).toBeDisabled();
  const res = await teammate.request.patch(`/api/workspaces/${slug}`, {
    data: { name: "Hijacked" },
    headers: { origin: baseURL as string },
  });
  expect(res.status()).toBe(403);
  expect((await res.json()).error.code).toBe("forbidden");
  await teammate.goto(`/w/${slug}`);
  await expect(teammate.getByRole("heading", { name: workspaceName })).toBeVisible();

  // The audit log recorded who did what.
  await page.goto(`/w/${slug}/audit`);
  await expect(page.getByText(teammateEmail).first()).toBeVisible();
  await expect(page.getByText(/viewer/).first()).toBeVisible();
  await other.close();
});
