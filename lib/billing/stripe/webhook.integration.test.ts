import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as checkoutPost } from "@/app/api/workspaces/[slug]/billing/checkout/route";
import { checkLimit, invalidateBillingCache } from "@/lib/billing/entitlements";
import { getDb } from "@/lib/db/client";
import { runAsService } from "@/lib/db/rls";
import {
  billingRow,
  deliverAll,
  noticeKinds,
  postWebhook,
  startBilling,
  WEBHOOK_SECRET,
} from "@/test/billing/stripe-billing-kit";
import type { SignedEvent } from "@/test/fakes/stripe-fake";
import { nowSeconds } from "@/test/fakes/stripe-fake-objects";
import { call, seedRouteWorkspace, type TestWorkspace } from "@/test/http/web-api-kit";

let fake: Awaited<ReturnType<typeof startBilling>>;

beforeAll(async () => {
  fake = await startBilling();
});
afterAll(async () => {
  await fake.stopBilling();
});

/** An owner upgrades through our checkout route; Stripe (the fake) completes it. Returns the events, undelivered. */
async function checkout(ws: TestWorkspace, plan: "pro" | "business" = "pro") {
  const res = await call(checkoutPost, "POST", `/api/workspaces/${ws.slug}/billing/checkout`, {
    user: ws.users.owner,
    params: { slug: ws.slug },
    body: { plan },
  });
  expect(res.status).toBe(201);
  const sessionId = new URL(String(res.json.url)).pathname.split("/").at(-1) as string;
  const events = fake.completeCheckout(sessionId);
  const sub = fake.sessions.get(sessionId)?.subscription as string;
  return { events, sub, sessionId };
}

const storedEvents = (ids: string[]) =>
  runAsService("test:stripe-events", (tx) =>
    tx.selectFrom("private.stripe_events").select(["id", "processed_at"]).where("id", "in", ids).execute(),
  );

describe("Stripe webhook", () => {
  it("checkout → webhook → plan active, with a notice", async () => {
    const ws = await seedRouteWorkspace("bill-checkout");
    const { events, sub } = await checkout(ws);
    expect(await billingRow(ws.id)).toMatchObject({ plan: "free", status: "none" });
    expect(await deliverAll(events)).toEqual(["applied", "applied", "applied"]);
    const row = await billingRow(ws.id);
    expect(row).toMatchObject({
      plan: "pro",
      status: "active",
      stripe_subscription_id: sub,
      cancel_at_period_end: false,
    });
    expect(row?.current_period_end?.getTime()).toBeGreaterThan(Date.now() + 20 * 86_400_000);
    expect(await noticeKinds(ws.id)).toEqual(["plan_activated"]);
    // Pro's limits apply at once in this process (the webhook clears the cached plan).
    const check = await checkLimit(getDb(), ws.id, "message");
    expect(check.limit).toBe(10_000);
  });

  it("applies the same event delivered 5 times once", async () => {
    const ws = await seedRouteWorkspace("bill-replay");
    const { events, sub } = await checkout(ws);
    await deliverAll(events);
    const [cancel] = fake.cancelAtPeriodEnd(sub) as [SignedEvent];
    const outcomes = await deliverAll([cancel, cancel, cancel, cancel, cancel]);
    expect(outcomes).toEqual(["applied", "duplicate", "duplicate", "duplicate", "duplicate"]);
    expect(await noticeKinds(ws.id)).toEqual(["plan_activated", "cancel_scheduled"]);
    expect(await storedEvents([cancel.event.id])).toHaveLength(1);
    // Replayed concurrently too: one applies, the others wait on its row and find it.
    const [failed] = fake.failPayment(sub) as [SignedEvent];
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => postWebhook(failed.payload, failed.signature)),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.filter((a) => a.json.outcome === "applied")).toHaveLength(1);
    expect((await noticeKinds(ws.id)).filter((k) => k === "payment_failed")).toHaveLength(1);
  });

  it("ends on the right plan when events arrive in reverse order", async () => {
    const ws = await seedRouteWorkspace("bill-reverse");
    const { events, sub } = await checkout(ws);
    const later = [...fake.cancelAtPeriodEnd(sub)];
    // Created, paid, completed, then canceled at period end: delivered last-first.
    await deliverAll([...events, ...later].reverse());
    expect(await billingRow(ws.id)).toMatchObject({
      plan: "pro",
      status: "active",
      cancel_at_period_end: true,
    });

    const ended = fake.endSubscription(sub);
    const ws2 = await seedRouteWorkspace("bill-reverse-2");
    const second = await checkout(ws2);
    const all = [
      ...second.events,
      ...fake.cancelAtPeriodEnd(second.sub),
      ...fake.endSubscription(second.sub),
    ];
    await deliverAll(all.reverse());
    expect(await billingRow(ws2.id)).toMatchObject({ plan: "free", status: "canceled" });
    await deliverAll(ended);
    expect(await billingRow(ws.id)).toMatchObject({ plan: "free", status: "canceled" });
  });

  it("a late event of a replaced subscription does not undo the new one", async () => {
    const ws = await seedRouteWorkspace("bill-replaced");
    const first = await checkout(ws);
    await deliverAll(first.events);
    const ended = fake.endSubscription(first.sub);
    await deliverAll(ended);
    const second = await checkout(ws, "business");
    await deliverAll(second.events);
    expect(await billingRow(ws.id)).toMatchObject({ plan: "business", stripe_subscription_id: second.sub });
    // The old subscription's events again (new ids, as Stripe would resend an update): ignored.
    await deliverAll([
      fake.event("customer.subscription.updated", fake.subscriptions.get(first.sub) as never),
    ]);
    expect(await billingRow(ws.id)).toMatchObject({
      plan: "business",
      status: "active",
      stripe_subscription_id: second.sub,
    });
  });

  it("cancellation keeps the plan until the period ends, then Free", async () => {
    const ws = await seedRouteWorkspace("bill-cancel");
    const { events, sub } = await checkout(ws);
    await deliverAll(events);
    await deliverAll(fake.cancelAtPeriodEnd(sub));
    expect(await billingRow(ws.id)).toMatchObject({
      plan: "pro",
      status: "active",
      cancel_at_period_end: true,
    });
    expect((await checkLimit(getDb(), ws.id, "message")).limit).toBe(10_000);
    await deliverAll(fake.endSubscription(sub));
    expect(await billingRow(ws.id)).toMatchObject({
      plan: "free",
      status: "canceled",
      cancel_at_period_end: false,
    });
    expect((await checkLimit(getDb(), ws.id, "message")).limit).toBe(500);
    expect(await noticeKinds(ws.id)).toEqual(["plan_activated", "cancel_scheduled", "plan_canceled"]);
  });

  it("payment failed → past_due with a grace period, then Free limits; paid → active again", async () => {
    const ws = await seedRouteWorkspace("bill-failed");
    const { events, sub } = await checkout(ws);
    await deliverAll(events);
    const t0 = Date.now();
    await deliverAll(fake.failPayment(sub));
    const row = await billingRow(ws.id);
    expect(row).toMatchObject({ plan: "pro", status: "past_due" });
    const grace = row?.grace_until?.getTime() ?? 0;
    expect(grace).toBeGreaterThanOrEqual(t0 + 7 * 86_400_000 - 1000);
    expect(grace).toBeLessThanOrEqual(Date.now() + 7 * 86_400_000);
    // Within the grace period the paid limits still apply.
    expect((await checkLimit(getDb(), ws.id, "message")).limit).toBe(10_000);
    expect((await noticeKinds(ws.id)).at(-1)).toBe("payment_failed");

    // The grace period runs out: Free's limits.
    await runAsService("test:grace-over", (tx) =>
      tx
        .updateTable("workspace_billing")
        .set({ grace_until: new Date(Date.now() - 1000) })
        .where("workspace_id", "=", ws.id)
        .execute(),
    );
    invalidateBillingCache(ws.id);
    expect((await checkLimit(getDb(), ws.id, "message")).limit).toBe(500);

    // A retry goes through: active, grace cleared, Pro again.
    await deliverAll(fake.payInvoice(sub));
    expect(await billingRow(ws.id)).toMatchObject({ plan: "pro", status: "active", grace_until: null });
    expect((await checkLimit(getDb(), ws.id, "message")).limit).toBe(10_000);
    expect((await noticeKinds(ws.id)).at(-1)).toBe("payment_recovered");
  });

  it("refuses a bad signature, a stale timestamp and a missing header with 400; ignores unknown types", async () => {
    const ws = await seedRouteWorkspace("bill-sig");
    const { events } = await checkout(ws);
    const e = events[0] as SignedEvent;

    const forged = fake.sign(e.event, nowSeconds(), "whsec_someone_else");
    expect((await postWebhook(forged.payload, forged.signature)).status).toBe(400);
    const stale = fake.sign(e.event, nowSeconds() - 301);
    const staleRes = await postWebhook(stale.payload, stale.signature);
    expect(staleRes).toMatchObject({ status: 400, json: { error: { code: "bad_request" } } });
    expect((await postWebhook(e.payload, null)).status).toBe(400);
    // The bytes signed are the bytes checked: the same event re-serialized fails.
    expect((await postWebhook(JSON.stringify(e.event), e.signature)).status).toBe(400);
    expect((await postWebhook(e.payload, "t=abc,v1=zz")).status).toBe(400);
    // Signed junk (not JSON) is refused too, without a 500.
    expect((await postWebhook("not json", fake.signPayload("not json"))).status).toBe(400);
    expect(await billingRow(ws.id)).toMatchObject({ plan: "free" });
    expect(await storedEvents(events.map((x) => x.event.id))).toHaveLength(0);

    // A type we do not handle: 200 (Stripe would retry anything else), nothing stored.
    const other = fake.event("customer.created", fake.customers.values().next().value as never);
    expect(await postWebhook(other.payload, other.signature)).toMatchObject({
      status: 200,
      json: { outcome: "ignored" },
    });
    // Just within the tolerance is accepted.
    const recent = fake.sign(e.event, nowSeconds() - 290, WEBHOOK_SECRET);
    expect((await postWebhook(recent.payload, recent.signature)).json.outcome).toBe("applied");
  });

  it("refuses an oversized body with 413", async () => {
    const big = "x".repeat(1_048_577);
    const res = await postWebhook(big, "t=1,v1=00");
    expect(res.status).toBe(413);
  });

  it("a failure while applying stores nothing, and Stripe's redelivery applies it", async () => {
    const ws = await seedRouteWorkspace("bill-retry");
    const { events } = await checkout(ws);
    const created = events[0] as SignedEvent;
    fake.failNext(/^\/v1\/subscriptions\//, 500, 3);
    const first = await postWebhook(created.payload, created.signature);
    expect(first.status).toBe(503);
    expect(await storedEvents([created.event.id])).toHaveLength(0);
    expect(await billingRow(ws.id)).toMatchObject({ plan: "free" });
    expect((await postWebhook(created.payload, created.signature)).json.outcome).toBe("applied");
    expect(await billingRow(ws.id)).toMatchObject({ plan: "pro" });
  });
});
