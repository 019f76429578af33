import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Page, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

// The runs page: filter, a run's timeline, approve a waiting approval with a
// payload and a comment, retry a failed run from its failed node, cancel a
// waiting run. Flows are created and run through the web API (the editor has
// its own spec); everything after that is done on the page.

let fake: Server;
let fakeUrl = "";
let failing = true;
let calls = 0;

test.beforeAll(async () => {
  fake = createServer((_req, res) => {
    calls++;
    res.writeHead(failing ? 503 : 200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: !failing }));
  });
  await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
  fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}/flaky`;
});
test.afterAll(async () => {
  await new Promise((resolve) => fake.close(resolve));
});

const start = { id: "start", type: "manual_trigger", name: "Start", config: {}, position: { x: 0, y: 0 } };

async function flowWithRun(page: Page, slug: string, name: string, nodes: object[], edges: object[]) {
  const api = `/api/workspaces/${slug}`;
  // Cookie-authenticated writes must name our origin (CSRF defence), as the pages' fetches do.
  const headers = { origin: new URL(page.url()).origin };
  const created = await page.request.post(`${api}/flows`, {
    headers,
    data: { name, graph: { nodes, edges } },
  });
  expect(created.status()).toBe(201);
  const flowId = (await created.json()).flow.id as string;
  const published = await page.request.post(`${api}/flows/${flowId}/publish`, { headers, data: {} });
  expect(published.status()).toBe(200);
  const run = await page.request.post(`${api}/flows/${flowId}/runs`, {
    headers,
    data: { input: { who: name } },
  });
  expect(run.status()).toBe(201);
  return { flowId, runId: (await run.json()).run.id as string };
}

test("approve a waiting run, retry a failed one, cancel another, from the runs page", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, {
    email: uniqueEmail("runs"),
    password: "runs-password-1",
    name: "Rae Runs",
    workspace: `Ops ${Date.now() % 100000}`,
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;
  const approvalGraph = (name: string) => [
    start,
    {
      id: "ok",
      type: "approval",
      name,
      config: { message: "Send the quote?" },
      position: { x: 0, y: 100 },
    },
  ];
  const e1 = [{ id: "e1", source: "start", target: "ok" }];

  // Approve with a payload and a comment.
  const approve = await flowWithRun(page, slug, "Quote approval", approvalGraph("Manager OK"), e1);
  await page.goto(`/w/${slug}/flows/runs?run=${approve.runId}`);
  const detail = page.getByTestId("run-detail");
  await expect(detail.getByTestId("run-status")).toContainText("waiting", { timeout: 30_000 });
  const form = detail.getByRole("region", { name: "Approval: Manager OK" });
  await expect(form).toContainText("Send the quote?");
  await form.getByLabel("Payload (JSON, optional)").fill("{not json");
  await form.getByRole("button", { name: "Approve" }).click();
  await expect(form.getByText("Not valid JSON")).toBeVisible();
  await form.getByLabel("Payload (JSON, optional)").fill('{"discount": 10}');
  await form.getByLabel("Comment (optional)").fill("Fine by me");
  await form.getByRole("button", { name: "Approve" }).click();
  await expect(detail.getByTestId("run-status")).toContainText("succeeded", { timeout: 30_000 });
  await expect(detail.getByRole("group").filter({ hasText: "Manager OK" })).toContainText("approved");
  await expect(detail.getByRole("group").filter({ hasText: "Manager OK" })).toContainText("discount");

  // A failed HTTP call, retried from the failed node once the far end is back.
  failing = true;
  const retry = await flowWithRun(
    page,
    slug,
    "Notify CRM",
    [
      start,
      {
        id: "call",
        type: "http_request",
        name: "Call CRM",
        config: { method: "POST", url: fakeUrl },
        position: { x: 0, y: 100 },
      },
    ],
    [{ id: "e1", source: "start", target: "call" }],
  );
  await page.goto(`/w/${slug}/flows/runs?run=${retry.runId}`);
  await expect(detail.getByTestId("run-status")).toContainText("failed", { timeout: 30_000 });
  await expect(detail.getByRole("group").filter({ hasText: "Call CRM" })).toContainText("failed");
  failing = false;
  const before = calls;
  await detail.getByRole("button", { name: "Retry from failed node" }).click();
  await expect(detail.getByTestId("run-status")).toContainText("succeeded", { timeout: 30_000 });
  expect(calls).toBe(before + 1);

  // Cancel a waiting run.
  const cancel = await flowWithRun(page, slug, "Holiday check", approvalGraph("Boss OK"), e1);
  await page.goto(`/w/${slug}/flows/runs?run=${cancel.runId}`);
  await expect(detail.getByTestId("run-status")).toContainText("waiting", { timeout: 30_000 });
  await detail.getByRole("button", { name: "Cancel run" }).click();
  await expect(detail.getByTestId("run-status")).toContainText("canceled", { timeout: 30_000 });

  // Filters: by flow and status.
  await page.goto(`/w/${slug}/flows/runs`);
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(4);
  await page.getByLabel("Status").click();
  await page.getByRole("option", { name: "canceled" }).click();
  await expect(page.getByRole("table").getByRole("row")).toHaveCount(2);
  await expect(page.getByRole("table")).toContainText("Holiday check");
  await expect(page).toHaveURL(/status=canceled/);
  await page.getByRole("button", { name: "Holiday check" }).click();
  await expect(detail.getByTestId("run-status")).toContainText("canceled");
});
