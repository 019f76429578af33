import type { FormValue } from "./stripe-fake-form";
import {
  type FakePrice,
  invoiceObject,
  priceObject,
  type StripeObject,
  stripeError,
} from "./stripe-fake-objects";

/**
 * The Stripe fake's objects and the rules shared by its API (stripe-fake-api.ts)
 * and its test controls (stripe-fake.ts): prices, customers, Checkout and
 * portal sessions, subscriptions, invoices and meter events.
 */

export class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super("stripe fake error");
  }
}

export const missing = (kind: string, id: string, param = "id") =>
  new FakeError(
    404,
    stripeError("invalid_request_error", `No such ${kind}: '${id}'`, { code: "resource_missing", param }),
  );
export const invalid = (message: string, param?: string, code = "parameter_invalid_empty") =>
  new FakeError(400, stripeError("invalid_request_error", message, { code, ...(param ? { param } : {}) }));

export const str = (v: FormValue | undefined): string | undefined => (typeof v === "string" ? v : undefined);
export const record = (v: FormValue | undefined): Record<string, string> => {
  if (!v || typeof v !== "object" || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"));
};

export const DEFAULT_PRICES: Record<string, FakePrice> = {
  price_pro_test: { unitAmount: 2900 },
  price_business_test: { unitAmount: 9900 },
  price_messages_overage_test: { unitAmount: 1, meterEventName: "switchboard_messages" },
};

export type StripeStore = ReturnType<typeof createStripeStore>;

export function createStripeStore(priceList: Record<string, FakePrice> = DEFAULT_PRICES) {
  const prices = new Map(Object.entries(priceList));
  const customers = new Map<string, StripeObject>();
  const sessions = new Map<string, StripeObject>();
  const portalSessions = new Map<string, StripeObject>();
  const subscriptions = new Map<string, StripeObject>();
  const invoices: StripeObject[] = [];
  const meterEvents: StripeObject[] = [];
  let invoiceCount = 0;
  const store = {
    /** Set once the server listens: the hosted pages' links. */
    baseUrl: "",
    prices,
    customers,
    sessions,
    portalSessions,
    subscriptions,
    invoices,
    meterEvents,
    priceOf,
    subscription,
    subscriptionItems,
    licensedAmount,
    meteredAmount,
    newInvoice,
  };

  function priceOf(id: string) {
    const p = prices.get(id);
    if (!p) throw invalid(`No such price: '${id}'`, "line_items[0][price]", "resource_missing");
    return priceObject(id, p, 1_700_000_000);
  }

  function subscriptionItems(sub: StripeObject) {
    return (sub.items as { data: Record<string, unknown>[] }).data;
  }

  function licensedAmount(sub: StripeObject): number {
    return subscriptionItems(sub).reduce((sum, item) => {
      const price = item.price as { id: string; unit_amount: number; recurring: { usage_type: string } };
      return price.recurring.usage_type === "metered"
        ? sum
        : sum + price.unit_amount * Number(item.quantity ?? 1);
    }, 0);
  }

  function meteredAmount(sub: StripeObject): number {
    const customer = sub.customer as string;
    const item = subscriptionItems(sub)[0] as { current_period_start: number } | undefined;
    const since = item?.current_period_start ?? 0;
    return subscriptionItems(sub).reduce((sum, it) => {
      const price = it.price as { id: string; unit_amount: number; recurring: { meter: string | null } };
      const meter = price.recurring.meter?.replace(/^mtr_/, "");
      if (!meter) return sum;
      const used = meterEvents
        .filter(
          (e) =>
            e.event_name === meter && (e.payload as Record<string, string>).stripe_customer_id === customer,
        )
        .filter((e) => (e.timestamp as number) >= since)
        .reduce((n, e) => n + Number((e.payload as Record<string, string>).value), 0);
      return sum + used * price.unit_amount;
    }, 0);
  }

  function subscription(id: string): StripeObject {
    const sub = subscriptions.get(id);
    if (!sub) throw missing("subscription", id);
    return sub;
  }

  function newInvoice(sub: StripeObject, paid: boolean): StripeObject {
    const inv = invoiceObject({
      customer: sub.customer as string,
      subscription: sub,
      amount: licensedAmount(sub),
      paid,
      number: ++invoiceCount,
      baseUrl: store.baseUrl,
    });
    invoices.push(inv);
    sub.latest_invoice = inv.id;
    return inv;
  }

  return store;
}
