import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as checkoutPost } from "@/app/api/workspaces/[slug]/billing/checkout/route";
import { getDb } from "@/lib/db/client";
import { runAsService } from "@/lib/db/rls";
import { deliverAll, startBilling } from "@/test/billing/stripe-billing-kit";
import { call, seedRouteWorkspace, type TestWorkspace } from "@/test/http/web-api-kit";
import { MESSAGES_METER, meterIdentifier, reportMeteredUsage } from "./meter-report";

let fake: Awaited<ReturnType<typeof startBilling>>;

beforeAll(async () => {
  fake = await startBilling();
});
afterAll(async () => {
  await fake.stopBilling();
});

async function subscribedWorkspace(label: string): Promise<TestWorkspace & { customer: string }> {
  const ws = await seedRouteWorkspace(label);
  const res = await call(checkoutPost, "POST", `/api/workspaces/${ws.slug}/billing/checkout`, {
    user: ws.users.admin,
    params: { slug: ws.slug },
    body: { plan: "pro" },
  });
  expect(res.status).toBe(201);
  const sessionId = new URL(String(res.json.url)).pathname.split("/").at(-1) as string;
  await deliverAll(fake.completeCheckout(sessionId));
  return { ...ws, customer: fake.sessions.get(sessionId)?.customer as string };
}

/** Agent replies as the usage trigger counts them (one usage_daily shard per call). */
async function addReplies(workspaceId: string, day: string, n: number, shard: number) {
  await runAsService("test:usage", (tx) =>
    tx
      .insertInto("usage_daily")
      .values({ workspace_id: workspaceId, day, shard, messages: n, assistant_messages: n })
      .execute(),
  );
}

const today = () => new Date().toISOString().slice(0, 10);
const thisMonth = () => new Date(`${today().slice(0, 7)}-01T00:00:00Z`);

function eventsOf(customer: string) {
  return fake.meterEvents.filter(
    (e) => (e.payload as Record<string, string>).stripe_customer_id === customer,
  );
}
const total = (events: Record<string, unknown>[]) =>
  events.reduce((n, e) => n + Number((e.payload as Record<string, string>).value), 0);

const reportsOf = (workspaceId: string) =>
  runAsService("test:meter-reports", (tx) =>
    tx
      .selectFrom("billing_meter_reports")
      .select(["identifier", "from_quantity", "to_quantity", "status"])
      .where("workspace_id", "=", workspaceId)
      .orderBy("to_quantity")
      .execute(),
  );

describe("billing_report_usage: metered overage to Stripe", () => {
  it("reports only what is over the plan, once, with a meter event Stripe accepts", async () => {
    const ws = await subscribedWorkspace("meter-basic");
    await addReplies(ws.id, today(), 9_990, 0);
    await reportMeteredUsage(getDb());
    expect(eventsOf(ws.customer)).toHaveLength(0);

    await addReplies(ws.id, today(), 25, 1);
    await reportMeteredUsage(getDb());
    const events = eventsOf(ws.customer);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      object: "billing.meter_event",
      event_name: "switchboard_messages",
      identifier: meterIdentifier(ws.id, thisMonth(), 15),
      payload: { stripe_customer_id: ws.customer, value: "15" },
    });
    // Nothing new: nothing sent.
    await reportMeteredUsage(getDb());
    expect(eventsOf(ws.customer)).toHaveLength(1);
    expect(await reportsOf(ws.id)).toEqual([
      {
        identifier: meterIdentifier(ws.id, thisMonth(), 15),
        from_quantity: "0",
        to_quantity: "15",
        status: "sent",
      },
    ]);
  });

  it("a crash after Stripe took the event and before it was recorded bills once, and nothing is missed", async () => {
    const ws = await subscribedWorkspace("meter-crash");
    await addReplies(ws.id, today(), 10_150, 0);
    await expect(
      reportMeteredUsage(getDb(), {
        afterSend: () => {
          throw new Error("worker killed between the Stripe call and the record");
        },
      }),
    ).rejects.toThrow();
    expect(eventsOf(ws.customer)).toHaveLength(1);
    expect((await reportsOf(ws.id)).map((r) => r.status)).toEqual(["pending"]);

    // More replies while the worker was down, then the retry.
    await addReplies(ws.id, today(), 30, 1);
    const rerun = await reportMeteredUsage(getDb());
    expect(rerun.resent).toBeGreaterThanOrEqual(1);
    const events = eventsOf(ws.customer);
    const identifiers = events.map((e) => e.identifier);
    expect(new Set(identifiers).size).toBe(identifiers.length);
    expect(identifiers).toEqual([
      meterIdentifier(ws.id, thisMonth(), 150),
      meterIdentifier(ws.id, thisMonth(), 180),
    ]);
    expect(total(events)).toBe(180);
    expect((await reportsOf(ws.id)).map((r) => [r.from_quantity, r.to_quantity, r.status])).toEqual([
      ["0", "150", "sent"],
      ["150", "180", "sent"],
    ]);
  });

  it("a pending report retried after Stripe forgot its idempotency key is still not billed twice", async () => {
    const ws = await subscribedWorkspace("meter-late-retry");
    await addReplies(ws.id, today(), 10_040, 0);
    await expect(
      reportMeteredUsage(getDb(), {
        afterSend: () => {
          throw new Error("crash");
        },
      }),
    ).rejects.toThrow();
    fake.forgetIdempotencyKeys();
    await reportMeteredUsage(getDb());
    expect(eventsOf(ws.customer).map((e) => e.payload)).toEqual([
      { stripe_customer_id: ws.customer, value: "40" },
    ]);
    expect((await reportsOf(ws.id)).map((r) => r.status)).toEqual(["sent"]);
  });

  it("a Stripe outage leaves the report pending and the next run sends it", async () => {
    const ws = await subscribedWorkspace("meter-outage");
    await addReplies(ws.id, today(), 10_007, 0);
    fake.failNext(/^\/v1\/billing\/meter_events$/, 500, 3);
    await expect(reportMeteredUsage(getDb())).rejects.toThrow(/failed/);
    expect(eventsOf(ws.customer)).toHaveLength(0);
    expect((await reportsOf(ws.id)).map((r) => r.status)).toEqual(["pending"]);
    await reportMeteredUsage(getDb());
    expect(total(eventsOf(ws.customer))).toBe(7);
    expect((await reportsOf(ws.id)).map((r) => r.status)).toEqual(["sent"]);
  });

  it("last month's final overage is reported with a timestamp inside last month", async () => {
    const ws = await subscribedWorkspace("meter-last-month");
    const start = thisMonth();
    const lastDay = new Date(start.getTime() - 86_400_000).toISOString().slice(0, 10);
    await addReplies(ws.id, lastDay, 10_003, 0);
    await reportMeteredUsage(getDb());
    const [event] = eventsOf(ws.customer);
    expect(event?.identifier).toBe(
      meterIdentifier(ws.id, new Date(`${lastDay.slice(0, 7)}-01T00:00:00Z`), 3),
    );
    expect(event?.timestamp).toBe(start.getTime() / 1000 - 1);
  });

  it("a Free workspace and billing without an overage price report nothing", async () => {
    const free = await seedRouteWorkspace("meter-free");
    await addReplies(free.id, today(), 20_000, 0);
    await reportMeteredUsage(getDb());
    expect(await reportsOf(free.id)).toEqual([]);

    const ws = await subscribedWorkspace("meter-no-price");
    await addReplies(ws.id, today(), 10_100, 0);
    const price = process.env.STRIPE_PRICE_MESSAGES_OVERAGE;
    delete process.env.STRIPE_PRICE_MESSAGES_OVERAGE;
    (await import("@/lib/env")).rereadEnv();
    try {
      expect(await reportMeteredUsage(getDb())).toEqual({ sent: 0, resent: 0 });
    } finally {
      process.env.STRIPE_PRICE_MESSAGES_OVERAGE = price;
      (await import("@/lib/env")).rereadEnv();
    }
    expect(MESSAGES_METER).toBe("messages");
  });
});
