import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as checkoutPost } from "@/app/api/workspaces/[slug]/billing/checkout/route";
import { GET as overviewGet } from "@/app/api/workspaces/[slug]/billing/overview/route";
import { POST as portalPost } from "@/app/api/workspaces/[slug]/billing/portal/route";
import { rereadEnv } from "@/lib/env";
import { billingRow, deliverAll, postWebhook, startBilling } from "@/test/billing/stripe-billing-kit";
import { call, seedRouteWorkspace } from "@/test/http/web-api-kit";

let fake: Awaited<ReturnType<typeof startBilling>>;

beforeAll(async () => {
  fake = await startBilling();
});
afterAll(async () => {
  await fake.stopBilling();
});

const path = (slug: string, p: string) => `/api/workspaces/${slug}/billing/${p}`;
const customersOf = (workspaceId: string) =>
  [...fake.customers.values()].filter(
    (c) => (c.metadata as Record<string, string>).workspace_id === workspaceId,
  );

describe("billing: Checkout, Customer Portal and the billing page's data", () => {
  it("only owners and admins open Checkout or the portal or read the page's data", async () => {
    const ws = await seedRouteWorkspace("bill-roles");
    for (const role of ["member", "viewer"] as const) {
      const user = ws.users[role];
      const params = { slug: ws.slug };
      const co = await call(checkoutPost, "POST", path(ws.slug, "checkout"), {
        user,
        params,
        body: { plan: "pro" },
      });
      expect(co.status, `${role} checkout`).toBe(403);
      const po = await call(portalPost, "POST", path(ws.slug, "portal"), { user, params });
      expect(po.status, `${role} portal`).toBe(403);
      const ov = await call(overviewGet, "GET", path(ws.slug, "overview"), { user, params });
      expect(ov.status, `${role} overview`).toBe(403);
    }
    // Nothing reached Stripe for them.
    expect(customersOf(ws.id)).toHaveLength(0);
    // An admin of another workspace does not learn this one exists.
    const other = await seedRouteWorkspace("bill-roles-other");
    const foreign = await call(portalPost, "POST", path(ws.slug, "portal"), {
      user: other.users.owner,
      params: { slug: ws.slug },
    });
    expect(foreign.status).toBe(404);
  });

  it("creates one Stripe customer per workspace, lazily, even for two clicks at once", async () => {
    const ws = await seedRouteWorkspace("bill-customer");
    expect(await billingRow(ws.id)).toBeUndefined();
    const params = { slug: ws.slug };
    const [a, b] = await Promise.all([
      call(portalPost, "POST", path(ws.slug, "portal"), { user: ws.users.owner, params }),
      call(checkoutPost, "POST", path(ws.slug, "checkout"), {
        user: ws.users.admin,
        params,
        body: { plan: "pro" },
      }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const customers = customersOf(ws.id);
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ object: "customer", metadata: { workspace_id: ws.id } });
    expect((await billingRow(ws.id))?.stripe_customer_id).toBe(customers[0]?.id);

    // The portal session is for that customer and returns to the billing page.
    const portalId = new URL(String(a.json.url)).pathname.split("/").at(-1) as string;
    const portalCall = fake.requests.find(
      (r) => r.path === "/v1/billing_portal/sessions" && r.status === 200,
    );
    expect(portalId).toMatch(/^bps_/);
    expect(portalCall?.body).toMatchObject({
      customer: customers[0]?.id,
      return_url: `http://localhost:3000/w/${ws.slug}/billing`,
    });
    // The Checkout session sells the plan's price (and the metered overage) for this workspace.
    const session = fake.sessions.get(new URL(String(b.json.url)).pathname.split("/").at(-1) as string);
    expect(session).toMatchObject({
      mode: "subscription",
      customer: customers[0]?.id,
      client_reference_id: ws.id,
      success_url: `http://localhost:3000/w/${ws.slug}/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
    });
    const create = fake.requests.find(
      (r) => r.path === "/v1/checkout/sessions" && r.body.client_reference_id === ws.id,
    );
    expect(create?.body.line_items).toEqual([
      { price: "price_pro_test", quantity: "1" },
      { price: "price_messages_overage_test" },
    ]);
  });

  it("refuses a bad plan, unknown fields and a second subscription", async () => {
    const ws = await seedRouteWorkspace("bill-bad");
    const user = ws.users.owner;
    const params = { slug: ws.slug };
    for (const body of [
      { plan: "free" },
      { plan: "enterprise" },
      {},
      { plan: "pro", price: "price_x" },
      "{not json",
    ]) {
      const res = await call(checkoutPost, "POST", path(ws.slug, "checkout"), { user, params, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const ok = await call(checkoutPost, "POST", path(ws.slug, "checkout"), {
      user,
      params,
      body: { plan: "pro" },
    });
    await deliverAll(
      fake.completeCheckout(new URL(String(ok.json.url)).pathname.split("/").at(-1) as string),
    );
    const again = await call(checkoutPost, "POST", path(ws.slug, "checkout"), {
      user,
      params,
      body: { plan: "business" },
    });
    expect(again).toMatchObject({ status: 409, code: "conflict" });
  });

  it("the page's data: invoices, the next invoice's estimate and notices", async () => {
    const ws = await seedRouteWorkspace("bill-overview");
    const params = { slug: ws.slug };
    const empty = await call(overviewGet, "GET", path(ws.slug, "overview"), { user: ws.users.admin, params });
    expect(empty.status).toBe(200);
    expect(empty.json).toMatchObject({ hasCustomer: false, invoices: [], nextInvoice: null, notices: [] });
    expect(
      (empty.json.plans as { id: string; purchasable: boolean }[]).map((p) => [p.id, p.purchasable]),
    ).toEqual([
      ["free", false],
      ["pro", true],
      ["business", true],
    ]);

    const co = await call(checkoutPost, "POST", path(ws.slug, "checkout"), {
      user: ws.users.owner,
      params,
      body: { plan: "pro" },
    });
    await deliverAll(
      fake.completeCheckout(new URL(String(co.json.url)).pathname.split("/").at(-1) as string),
    );
    const res = await call(overviewGet, "GET", path(ws.slug, "overview"), { user: ws.users.admin, params });
    expect(res.json).toMatchObject({
      hasCustomer: true,
      nextInvoice: { amountDue: 2900, currency: "usd" },
      invoices: [{ status: "paid", amountDue: 2900, amountPaid: 2900, currency: "usd" }],
      notices: [{ kind: "plan_activated" }],
      stripeUnavailable: false,
    });

    // Stripe down: the page still answers, without what only Stripe knows.
    fake.failNext(/^\/v1\/invoices/, 500, 6);
    const down = await call(overviewGet, "GET", path(ws.slug, "overview"), { user: ws.users.admin, params });
    expect(down.status).toBe(200);
    expect(down.json).toMatchObject({ stripeUnavailable: true, invoices: [], nextInvoice: null });
    expect((down.json.notices as unknown[]).length).toBe(1);
  });

  it("Stripe unreachable during Checkout: 503 with a safe message", async () => {
    const ws = await seedRouteWorkspace("bill-down");
    fake.failNext(/^\/v1\/customers$/, 500, 3);
    const res = await call(checkoutPost, "POST", path(ws.slug, "checkout"), {
      user: ws.users.owner,
      params: { slug: ws.slug },
      body: { plan: "pro" },
    });
    expect(res).toMatchObject({ status: 503, code: "unavailable" });
    expect(JSON.stringify(res.json)).not.toMatch(/sk_test|fake upstream/);
  });

  it("billing off: the routes and the webhook answer 404", async () => {
    const ws = await seedRouteWorkspace("bill-off");
    const key = process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_SECRET_KEY;
    rereadEnv();
    try {
      const params = { slug: ws.slug };
      const user = ws.users.owner;
      expect((await call(overviewGet, "GET", path(ws.slug, "overview"), { user, params })).status).toBe(404);
      expect((await call(portalPost, "POST", path(ws.slug, "portal"), { user, params })).status).toBe(404);
      expect(
        (await call(checkoutPost, "POST", path(ws.slug, "checkout"), { user, params, body: { plan: "pro" } }))
          .status,
      ).toBe(404);
      expect((await postWebhook("{}", "t=1,v1=00")).status).toBe(404);
    } finally {
      process.env.STRIPE_SECRET_KEY = key;
      rereadEnv();
    }
  });

  it("billing on without the webhook secret: the webhook answers 503 so Stripe retries later", async () => {
    const secret = process.env.STRIPE_WEBHOOK_SECRET;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    rereadEnv();
    try {
      expect(await postWebhook("{}", "t=1,v1=00")).toMatchObject({
        status: 503,
        json: { error: { code: "unavailable" } },
      });
    } finally {
      process.env.STRIPE_WEBHOOK_SECRET = secret;
      rereadEnv();
    }
  });
});
