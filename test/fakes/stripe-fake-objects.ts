import { randomBytes } from "node:crypto";

/**
 * The Stripe objects the fake keeps, shaped as the API (version 2026-11-18)
 * returns them: `id`, `object`, `created` (unix seconds), `livemode`, and the
 * fields our code reads. Since API 2025-03-31 a subscription's period lives on
 * its items (`items.data[].current_period_end`) and an invoice names its
 * subscription under `parent.subscription_details.subscription`.
 */
export type StripeObject = Record<string, unknown> & { id: string; object: string; created: number };

export const nowSeconds = () => Math.floor(Date.now() / 1000);

const ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
export function stripeId(prefix: string): string {
  const bytes = randomBytes(24);
  let out = "";
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return `${prefix}_${out}`;
}

export interface FakePrice {
  unitAmount: number;
  currency?: string;
  /** A metered price billed from a meter's events, by the meter's event name. */
  meterEventName?: string;
}

export function priceObject(id: string, p: FakePrice, created: number): StripeObject {
  return {
    id,
    object: "price",
    created,
    active: true,
    currency: p.currency ?? "usd",
    livemode: false,
    type: "recurring",
    unit_amount: p.unitAmount,
    recurring: {
      interval: "month",
      interval_count: 1,
      usage_type: p.meterEventName ? "metered" : "licensed",
      meter: p.meterEventName ? `mtr_${p.meterEventName}` : null,
    },
  };
}

export const PERIOD_SECONDS = 30 * 86_400;

export function subscriptionObject(opts: {
  customer: string;
  prices: { id: string; price: StripeObject; quantity: number | null }[];
  metadata: Record<string, string>;
  created: number;
}): StripeObject {
  const id = stripeId("sub");
  const periodEnd = opts.created + PERIOD_SECONDS;
  return {
    id,
    object: "subscription",
    created: opts.created,
    customer: opts.customer,
    status: "active",
    cancel_at_period_end: false,
    cancel_at: null,
    canceled_at: null,
    ended_at: null,
    currency: "usd",
    livemode: false,
    metadata: opts.metadata,
    latest_invoice: null,
    start_date: opts.created,
    billing_cycle_anchor: opts.created,
    items: {
      object: "list",
      data: opts.prices.map((p) => ({
        id: stripeId("si"),
        object: "subscription_item",
        created: opts.created,
        current_period_start: opts.created,
        current_period_end: periodEnd,
        metadata: {},
        price: p.price,
        ...(p.quantity === null ? {} : { quantity: p.quantity }),
        subscription: id,
      })),
      has_more: false,
      total_count: opts.prices.length,
      url: `/v1/subscription_items?subscription=${id}`,
    },
  };
}

export function invoiceObject(opts: {
  customer: string;
  subscription: StripeObject;
  amount: number;
  paid: boolean;
  number: number;
  baseUrl: string;
}): StripeObject {
  const id = stripeId("in");
  const created = nowSeconds();
  const item = (
    opts.subscription.items as { data: { current_period_start: number; current_period_end: number }[] }
  ).data[0];
  return {
    id,
    object: "invoice",
    created,
    customer: opts.customer,
    currency: "usd",
    livemode: false,
    number: `FAKE-${String(opts.number).padStart(4, "0")}`,
    status: opts.paid ? "paid" : "open",
    amount_due: opts.amount,
    amount_paid: opts.paid ? opts.amount : 0,
    amount_remaining: opts.paid ? 0 : opts.amount,
    total: opts.amount,
    subtotal: opts.amount,
    attempt_count: 1,
    attempted: true,
    next_payment_attempt: opts.paid ? null : created + 3 * 86_400,
    period_start: item?.current_period_start ?? created,
    period_end: item?.current_period_end ?? created,
    hosted_invoice_url: `${opts.baseUrl}/invoice/${id}`,
    invoice_pdf: `${opts.baseUrl}/invoice/${id}/pdf`,
    billing_reason: "subscription_cycle",
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: { subscription: opts.subscription.id, metadata: opts.subscription.metadata },
    },
    status_transitions: { paid_at: opts.paid ? created : null, finalized_at: created },
  };
}

export const list = (data: unknown[], url: string, hasMore = false) => ({
  object: "list",
  data,
  has_more: hasMore,
  url,
});

/** Stripe's error body: https://docs.stripe.com/api/errors */
export function stripeError(
  type: "invalid_request_error" | "api_error" | "idempotency_error" | "card_error",
  message: string,
  extra: { code?: string; param?: string } = {},
) {
  return {
    error: {
      type,
      message,
      ...extra,
      request_log_url: "https://dashboard.stripe.com/test/logs/req_fake",
    },
  };
}
