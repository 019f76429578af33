import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { expectNoHorizontalScroll, openNav, signUp, uniqueEmail } from "./helpers";
import { expectNoSeriousAxeViolations } from "./serious-axe";

// Builds a flow in the editor (webhook → agent on the offline model → condition
// → HTTP request to a local fake), saves, publishes, test-runs it from the
// editor (live node statuses over SSE), then runs it by its webhook, and reads
// the stored node results on the runs page. The fake is on 127.0.0.1, which
// scripts/e2e-server.ts puts on the SSRF allowlist; the worker runs the flow.

interface Received {
  method: string;
  body: string;
}
let fake: Server;
let fakeUrl = "";
const received: Received[] = [];

test.beforeAll(async () => {
  fake = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ method: req.method ?? "", body });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/hook`;
});
test.afterAll(async () => {
  await new Promise((resolve) => fake.close(resolve));
});

const handle = (page: Page, nodeId: string, kind: "source" | "target", id: string) =>
  page.locator(`.react-flow__handle.${kind}[data-nodeid="${nodeId}"][data-handleid="${id}"]`);

async function addNode(page: Page, label: string) {
  const wide = (page.viewportSize()?.width ?? 0) >= 768;
  if (!wide) await page.getByRole("button", { name: "Add node" }).click();
  await page.getByRole("button", { name: `Add ${label}`, exact: true }).click();
}

/** The selected node's settings: an aside on wide screens, a bottom sheet on phones. */
function settings(page: Page): Locator {
  return page.getByTestId("node-config");
}

async function closeSettings(page: Page) {
  const wide = (page.viewportSize()?.width ?? 0) >= 768;
  if (!wide) await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
}

async function connect(page: Page, from: [string, string], to: string) {
  await handle(page, from[0], "source", from[1]).dragTo(handle(page, to, "target", "in"));
}

test("build, save, publish and test-run a flow in the editor; run it by webhook; see stored results", async ({
  page,
}) => {
  test.setTimeout(180_000);
  received.length = 0;
  await signUp(page, {
    email: uniqueEmail("flows"),
    password: "flows-password-1",
    name: "Flo Builder",
    workspace: `Routing ${Date.now() % 100000}`,
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;

  // An agent on the built-in offline model (the default for a new workspace).
  await page.goto(`/w/${slug}/agents/new`);
  await page.getByLabel("Name", { exact: true }).fill("Lead Bot");
  await page.getByRole("button", { name: /Save|Create agent/ }).click();
  await expect(page.getByText(/version 1|Saved|created/i).first()).toBeVisible();
  const agents = await (await page.request.get(`/api/workspaces/${slug}/agents`)).json();
  const agentId = (agents.agents as { id: string; name: string }[]).find((a) => a.name === "Lead Bot")?.id;
  expect(agentId).toBeTruthy();

  // A new blank flow, from the nav.
  await openNav(page);
  await page.getByRole("link", { name: "Flows", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Flows", exact: true })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.getByRole("button", { name: "Create flow" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill("Lead router");
  await page.getByRole("dialog").getByRole("button", { name: "Create flow" }).click();
  await expect(page).toHaveURL(/\/flows\/[0-9a-f-]{36}$/);
  const flowId = new URL(page.url()).pathname.split("/").at(-1) as string;
  await expect(page.getByTestId("flow-node")).toHaveCount(1);

  // Replace the manual trigger with a webhook trigger.
  await page.getByTestId("flow-node").first().click();
  await settings(page).getByRole("button", { name: "Delete Manual trigger" }).click();
  await expect(page.getByTestId("flow-node")).toHaveCount(0);
  await addNode(page, "Webhook");
  await closeSettings(page);

  // Inline validation: Ctrl/Cmd+S saves the draft; the server's issues show on the node and at the field.
  await addNode(page, "Agent");
  await page.keyboard.press("ControlOrMeta+s");
  await expect(page.locator('[data-testid="flow-node"][data-node-name="Agent"]')).toContainText(
    /\d+ issues?/,
  );
  await expect(settings(page).getByLabel("Message")).toHaveAttribute("aria-invalid", "true");
  await settings(page)
    .getByLabel("Agent ID")
    .fill(agentId as string);
  await settings(page).getByLabel("Message").fill("New lead: {{ $trigger.body.name }}");
  await closeSettings(page);

  await addNode(page, "Condition");
  await settings(page).getByRole("button", { name: "Add rules" }).click();
  await settings(page).getByLabel("Left").fill('{{ $node["Agent"].output.text }}');
  await settings(page).getByLabel("Operator").click();
  await page.getByRole("option", { name: "contains", exact: true }).click();
  await settings(page).getByLabel("Right").fill("You said");
  await closeSettings(page);

  await addNode(page, "HTTP request");
  await settings(page).getByLabel("URL").fill(fakeUrl);
  await settings(page).getByLabel("Method").click();
  await page.getByRole("option", { name: "POST", exact: true }).click();
  await settings(page).getByLabel("Body type").click();
  await page.getByRole("option", { name: "json", exact: true }).click();
  await settings(page)
    .getByLabel(/^Body( \(optional\))?$/)
    .fill('{"reply": "{{ $input.text }}"}');
  await closeSettings(page);

  // Lay it out, then connect the named handles.
  await page.getByRole("button", { name: "Auto-layout" }).click();
  await connect(page, ["webhook_trigger_1", "out"], "agent_1");
  await connect(page, ["agent_1", "out"], "condition_1");
  await connect(page, ["condition_1", "true"], "http_request_1");
  await expect(page.locator(".react-flow__edge")).toHaveCount(3);

  // Undo and redo the last connection.
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  await page.getByRole("button", { name: "Redo" }).click();
  await expect(page.locator(".react-flow__edge")).toHaveCount(3);

  // The same with the keyboard, from the canvas.
  await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("ControlOrMeta+z");
  await expect(page.locator(".react-flow__edge")).toHaveCount(2);
  await page.keyboard.press("ControlOrMeta+Shift+z");
  await expect(page.locator(".react-flow__edge")).toHaveCount(3);
  if ((page.viewportSize()?.width ?? 0) >= 768) {
    // Delete removes the selected node (and undo brings it back).
    await addNode(page, "Transform");
    await expect(page.getByTestId("flow-node")).toHaveCount(5);
    await page.locator('[data-testid="flow-node"][data-node-name="Transform"]').click();
    await page.keyboard.press("Delete");
    await expect(page.getByTestId("flow-node")).toHaveCount(4);
  }

  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("button", { name: "Saved" })).toBeVisible();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByTestId("flow-version")).toHaveText(/Published v1/);
  await expect(page.getByRole("textbox", { name: "Webhook URL" })).toHaveValue(/\/api\/hooks\/flows\//);
  await expectNoHorizontalScroll(page);
  await expectNoSeriousAxeViolations(page);

  // Test run from the editor: live statuses on the canvas.
  await page.getByRole("button", { name: "Test run" }).click();
  await page.getByLabel("Input (JSON)").fill('{"body": {"name": "Ada"}}');
  await page.getByRole("dialog").getByRole("button", { name: "Run" }).click();
  const status = page.getByTestId("test-run-status");
  await expect(status).toContainText("succeeded", { timeout: 60_000 });
  for (const name of ["Agent", "Condition", "HTTP request"]) {
    await expect(page.locator(`[data-testid="flow-node"][data-node-name="${name}"]`)).toHaveAttribute(
      "data-status",
      "succeeded",
    );
  }
  // The node's panel shows its input, output and duration from the test run.
  await page.locator('[data-testid="flow-node"][data-node-name="Agent"]').click();
  const result = settings(page).getByTestId("node-result");
  await expect(result).toContainText("succeeded");
  await expect(result).toContainText("You said");
  await expect(result).toContainText(/\d+ ms/);
  await closeSettings(page);
  expect(received).toHaveLength(1);
  expect(JSON.parse(received[0]?.body ?? "{}").reply).toContain("You said");

  // By webhook: the published version runs.
  const hookUrl = await page.getByRole("textbox", { name: "Webhook URL" }).inputValue();
  const hook = await page.request.post(hookUrl, { data: { name: "Grace" } });
  expect(hook.status()).toBe(202);
  await expect.poll(() => received.length, { timeout: 60_000 }).toBe(2);

  // Someone else saves meanwhile: saving again is a 409, and Reload takes their version.
  const origin = new URL(page.url()).origin;
  const current = (await (await page.request.get(`/api/workspaces/${slug}/flows/${flowId}`)).json()).flow;
  const renamed = await page.request.patch(`/api/workspaces/${slug}/flows/${flowId}`, {
    headers: { origin },
    data: { name: "Lead router", description: "Changed elsewhere", draftRevision: current.draftRevision },
  });
  expect(renamed.status()).toBe(200);
  await page.getByRole("button", { name: "Auto-layout" }).click();
  await page.keyboard.press("ControlOrMeta+s");
  const stale = page.getByRole("alert").filter({ hasText: "Someone else saved this flow" });
  await expect(stale).toBeVisible();
  await stale.getByRole("button", { name: "Reload" }).click();
  await expect(stale).toBeHidden();
  await expect(page.getByRole("button", { name: "Saved" })).toBeVisible();

  // The runs page: both runs with their stored node results.
  await status.getByRole("link", { name: "Open in runs" }).click();
  const detail = page.getByTestId("run-detail");
  await expect(detail.getByTestId("run-status")).toContainText("succeeded");
  await expect(detail.getByText("Draft (test run)")).toBeVisible();
  for (const name of ["Agent", "Condition", "HTTP request"]) {
    await expect(detail.getByRole("group").filter({ hasText: name }).first()).toContainText("succeeded");
  }
  await page.goto(`/w/${slug}/flows/runs?flowId=${flowId}&trigger=webhook`);
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(2);
  await page.getByRole("button", { name: "Lead router" }).click();
  await expect(page.getByTestId("run-detail").getByTestId("run-status")).toContainText("succeeded");
  await expect(page.getByTestId("run-detail")).toContainText("Grace");
  await expectNoSeriousAxeViolations(page);
});
