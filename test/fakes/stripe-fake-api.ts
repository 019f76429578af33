import type { FormValue } from "./stripe-fake-form";
import {
  invoiceObject,
  list,
  nowSeconds,
  type StripeObject,
  stripeError,
  stripeId,
} from "./stripe-fake-objects";
import { FakeError, invalid, missing, record, type StripeStore, str } from "./stripe-fake-store";

/**
 * The fake's REST endpoints, as Stripe documents them: one request in (already
 * authenticated and parsed from its form encoding), the object or list out, or
 * a FakeError carrying Stripe's error body.
 */
export function apiRoute(
  s: StripeStore,
  method: string,
  path: string,
  query: Record<string, FormValue>,
  body: Record<string, FormValue>,
): unknown {
  const { customers, sessions, portalSessions, subscriptions, invoices, meterEvents, prices } = s;
  const { priceOf, subscription, subscriptionItems, licensedAmount, meteredAmount } = s;
  const baseUrl = s.baseUrl;
  const created = nowSeconds();
  /** The path's id when method and pattern match, else null. */
  const idIn = (want: string, re: RegExp) => (method === want ? (re.exec(path)?.[1] ?? null) : null);
  let m: string | null;
  if (method === "POST" && path === "/v1/customers") {
    const customer: StripeObject = {
      id: stripeId("cus"),
      object: "customer",
      created,
      email: str(body.email) ?? null,
      name: str(body.name) ?? null,
      metadata: record(body.metadata),
      livemode: false,
    };
    customers.set(customer.id, customer);
    return customer;
  }
  m = idIn("GET", /^\/v1\/customers\/([^/]+)$/);
  if (m) {
    const c = customers.get(m);
    if (!c) throw missing("customer", m);
    return c;
  }
  if (method === "POST" && path === "/v1/checkout/sessions") {
    if (str(body.mode) !== "subscription") throw invalid("This fake only sells subscriptions.", "mode");
    const successUrl = str(body.success_url);
    if (!successUrl)
      throw invalid("Missing required param: success_url.", "success_url", "parameter_missing");
    const customer = str(body.customer);
    if (customer && !customers.has(customer)) throw missing("customer", customer, "customer");
    const items = Array.isArray(body.line_items) ? body.line_items : [];
    if (items.length === 0)
      throw invalid("Missing required param: line_items.", "line_items", "parameter_missing");
    const lineItems = items.map((raw) => {
      const item = raw as Record<string, FormValue>;
      const price = str(item.price) ?? "";
      priceOf(price);
      const metered = prices.get(price)?.meterEventName;
      if (metered && item.quantity !== undefined)
        throw invalid("Quantity should not be specified where usage_type is `metered`.", "line_items");
      return { price, quantity: metered ? null : Number(str(item.quantity) ?? 1) };
    });
    const id = stripeId("cs_test");
    const session: StripeObject = {
      id,
      object: "checkout.session",
      created,
      mode: "subscription",
      status: "open",
      payment_status: "unpaid",
      customer: customer ?? null,
      client_reference_id: str(body.client_reference_id) ?? null,
      success_url: successUrl,
      cancel_url: str(body.cancel_url) ?? null,
      metadata: record(body.metadata),
      subscription: null,
      invoice: null,
      livemode: false,
      expires_at: created + 86_400,
      url: `${baseUrl}/checkout/${id}`,
    };
    sessions.set(id, session);
    // Kept beside the session (Stripe holds them too) and left out of what the API returns.
    Object.defineProperty(session, "_line_items", { value: lineItems, enumerable: false });
    Object.defineProperty(session, "_subscription_metadata", {
      value: record((body.subscription_data as Record<string, FormValue> | undefined)?.metadata),
      enumerable: false,
    });
    return session;
  }
  m = idIn("GET", /^\/v1\/checkout\/sessions\/([^/]+)$/);
  if (m) {
    const s = sessions.get(m);
    if (!s) throw missing("checkout.session", m);
    return s;
  }
  if (method === "POST" && path === "/v1/billing_portal/sessions") {
    const customer = str(body.customer);
    if (!customer) throw invalid("Missing required param: customer.", "customer", "parameter_missing");
    if (!customers.has(customer)) throw missing("customer", customer, "customer");
    const id = stripeId("bps");
    const session: StripeObject = {
      id,
      object: "billing_portal.session",
      created,
      customer,
      return_url: str(body.return_url) ?? null,
      livemode: false,
      url: `${baseUrl}/portal/${id}`,
    };
    portalSessions.set(id, session);
    return session;
  }
  m = idIn("GET", /^\/v1\/subscriptions\/([^/]+)$/);
  if (m) return subscription(m);
  if (method === "GET" && path === "/v1/subscriptions") {
    const customer = str(query.customer);
    const status = str(query.status);
    const data = [...subscriptions.values()]
      .filter((s) => !customer || s.customer === customer)
      .filter((s) => (status ? status === "all" || s.status === status : s.status !== "canceled"))
      .sort((a, b) => b.created - a.created);
    return list(data, "/v1/subscriptions");
  }
  if (method === "GET" && path === "/v1/invoices") {
    const customer = str(query.customer);
    const limit = Math.min(100, Math.max(1, Number(str(query.limit) ?? 10)));
    const all = invoices
      .filter((i) => !customer || i.customer === customer)
      .sort((a, b) => b.created - a.created);
    return list(all.slice(0, limit), "/v1/invoices", all.length > limit);
  }
  if (method === "POST" && path === "/v1/invoices/create_preview") {
    const customer = str(body.customer);
    if (!customer) throw invalid("Missing required param: customer.", "customer", "parameter_missing");
    const sub = [...subscriptions.values()].find(
      (s) => s.customer === customer && s.status !== "canceled" && !s.cancel_at_period_end,
    );
    if (!sub)
      throw invalid(`No upcoming invoices for customer: ${customer}`, undefined, "invoice_upcoming_none");
    const preview = invoiceObject({
      customer,
      subscription: sub,
      amount: 0,
      paid: false,
      number: 0,
      baseUrl,
    });
    const amount = licensedAmount(sub) + meteredAmount(sub);
    const item = subscriptionItems(sub)[0] as { current_period_end: number };
    return {
      ...preview,
      id: `upcoming_in_${sub.id}`,
      status: "draft",
      number: null,
      hosted_invoice_url: null,
      invoice_pdf: null,
      amount_due: amount,
      amount_remaining: amount,
      total: amount,
      subtotal: amount,
      period_start: item.current_period_end,
      period_end: item.current_period_end,
      next_payment_attempt: item.current_period_end,
    };
  }
  if (method === "POST" && path === "/v1/billing/meter_events") {
    const eventName = str(body.event_name);
    if (!eventName) throw invalid("Missing required param: event_name.", "event_name", "parameter_missing");
    const payload = record(body.payload);
    if (!payload.stripe_customer_id)
      throw invalid("Missing required param: payload[stripe_customer_id].", "payload", "parameter_missing");
    if (!/^-?\d{1,15}$/.test(payload.value ?? ""))
      throw invalid("payload[value] must be a whole number.", "payload");
    const identifier = str(body.identifier) ?? stripeId("mev");
    if (identifier.length > 100) throw invalid("identifier is longer than 100 characters.", "identifier");
    if (meterEvents.some((e) => e.identifier === identifier)) {
      throw new FakeError(
        400,
        stripeError("invalid_request_error", `An event with identifier ${identifier} already exists.`, {
          code: "resource_already_exists",
          param: "identifier",
        }),
      );
    }
    const ts = Number(str(body.timestamp) ?? created);
    if (ts > created + 300 || ts < created - 35 * 86_400)
      throw invalid("timestamp must be within the past 35 days and at most 5 minutes ahead.", "timestamp");
    const event = {
      id: stripeId("mev"),
      object: "billing.meter_event",
      created,
      event_name: eventName,
      identifier,
      livemode: false,
      payload,
      timestamp: ts,
    };
    meterEvents.push(event);
    const { id: _id, ...wire } = event;
    return wire;
  }
  throw new FakeError(
    404,
    stripeError("invalid_request_error", `Unrecognized request URL (${method}: ${path}).`),
  );
}
