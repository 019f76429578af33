import { expect, test } from "@playwright/test";
import { startWhatsAppGraphFake, type WhatsAppGraphFake } from "../test/fakes/whatsapp-graph-fake";
import { messagesWebhook, signWhatsAppBody, textMessage } from "../test/fakes/whatsapp-graph-fake-webhooks";
import { signUp, uniqueEmail } from "./helpers";
import { expectNoSeriousAxeViolations } from "./serious-axe";

// WhatsApp's 24-hour window in the Inbox: a customer who wrote 25 hours ago
// cannot get a free-form reply; the reply box says why and offers the inbox's
// approved templates, and sending one reaches the Graph API (a local fake).

let graph: WhatsAppGraphFake;
test.beforeAll(async () => {
  graph = await startWhatsAppGraphFake();
});
test.afterAll(async () => {
  await graph?.stop();
});

test("outside the 24-hour window the Inbox refuses free text and sends an approved template", async ({
  page,
}) => {
  await signUp(page, {
    email: uniqueEmail("wa-window"),
    password: "wa-window-password-1",
    name: "Olga Operator",
    workspace: `WhatsApp ${Date.now() % 100000}`,
  });
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+$/);
  const slug = new URL(page.url()).pathname.split("/")[2] as string;
  const headers = { origin: new URL(page.url()).origin };
  const agent = await page.request.post(`/api/workspaces/${slug}/agents`, {
    data: { name: "Ventas" },
    headers,
  });
  const { agent: a } = (await agent.json()) as { agent: { id: string } };
  const phoneNumberId = "106540352242922";
  const appSecret = "e2e-meta-app-secret";
  const created = await page.request.post(`/api/workspaces/${slug}/inboxes`, {
    headers,
    data: {
      channel: "whatsapp",
      name: "WhatsApp ventas",
      agentId: a.id,
      settings: {
        phoneNumberId,
        graphBaseUrl: graph.baseUrl,
        templates: [{ name: "order_update", language: "es_AR" }],
      },
      secrets: { access_token: graph.accessToken, app_secret: appSecret, verify_token: "e2e-verify" },
    },
  });
  expect(created.status()).toBe(201);
  const { webhook } = (await created.json()) as { webhook: { url: string } };

  // Meta delivers a message the customer sent 25 hours ago.
  const waId = "5491155550000";
  const body = JSON.stringify(
    messagesWebhook({
      phoneNumberId,
      contact: { waId, name: "Lucía Cliente" },
      messages: [
        textMessage({ from: waId, body: "¿Llegó mi pedido?", at: new Date(Date.now() - 25 * 3_600_000) }),
      ],
    }),
  );
  const hook = await page.request.post(new URL(webhook.url).pathname, {
    headers: { "content-type": "application/json", "x-hub-signature-256": signWhatsAppBody(appSecret, body) },
    data: body,
  });
  expect(hook.status()).toBe(200);

  const list = await page.request.get(`/api/workspaces/${slug}/conversations?q=Lucía`);
  const { conversations } = (await list.json()) as { conversations: { id: string }[] };
  const conversationId = conversations[0]?.id as string;
  await page.goto(`/w/${slug}/inbox?c=${conversationId}`);
  const detail = page.getByRole("article");
  const window = detail.getByRole("region", { name: "WhatsApp 24-hour window" });
  await expect(window.getByRole("status")).toHaveText(/more than 24 hours ago.*approved template/);

  await expectNoSeriousAxeViolations(page);

  // Free text is refused, in words.
  await detail.getByLabel("Reply to the customer").fill("Hola Lucía, ya sale.");
  await detail.getByRole("button", { name: "Send", exact: true }).click();
  await expect(detail.getByRole("alert").filter({ hasText: /24 hours/ })).toBeVisible();
  expect(graph.calls).toHaveLength(0);
  // The refusal is readable (the kit's form alert once failed colour contrast here).
  await expectNoSeriousAxeViolations(page);

  // The approved template goes out, with its parameter.
  await expect(window.getByRole("combobox", { name: "Approved template" })).toHaveText(
    /order_update · es_AR/,
  );
  await window.getByRole("button", { name: "Add a body parameter" }).click();
  await window.getByLabel("Template parameter {{1}}").fill("#1042");
  await window.getByRole("button", { name: "Send template" }).click();
  await expect(detail.getByText('Template "order_update" (es_AR): #1042')).toBeVisible();
  await expect.poll(() => graph.sent.length).toBe(1);
  expect(graph.sent[0]?.body).toMatchObject({
    to: waId,
    type: "template",
    template: {
      name: "order_update",
      language: { code: "es_AR" },
      components: [{ type: "body", parameters: [{ type: "text", text: "#1042" }] }],
    },
  });
});
