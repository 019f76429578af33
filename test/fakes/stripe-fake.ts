import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { apiRoute } from "./stripe-fake-api";
import { type FormValue, parseStripeForm } from "./stripe-fake-form";
import {
  type FakePrice,
  nowSeconds,
  type StripeObject,
  stripeError,
  stripeId,
  subscriptionObject,
} from "./stripe-fake-objects";
import { createStripeStore, FakeError } from "./stripe-fake-store";

/**
 * A local server speaking Stripe's v1 REST wire format for what Switchboard
 * calls (the SDK points at it with `host`/`port`/`protocol`): form-encoded
 * bodies with bracketed keys, `Authorization: Bearer sk_…`, `Idempotency-Key`
 * honoured (a replay answers the first response; other parameters under the
 * same key are an `idempotency_error`), objects with `id`/`object`/`created`,
 * lists as `{object:"list", data, has_more, url}` and errors as
 * `{error:{type, code, message, param}}`.
 *
 * Endpoints: customers (create, retrieve), checkout.sessions (create,
 * retrieve), billing_portal.sessions (create), subscriptions (retrieve, list),
 * invoices (list, create_preview), billing.meter_events (create; a second event
 * with an identifier already seen is refused with `resource_already_exists`,
 * Stripe's uniqueness rule for identifiers).
 *
 * Beside the API it plays Stripe's side of a purchase: the Checkout session's
 * `url` is a hosted page on this server whose Pay button completes the session
 * (creates the subscription and its first paid invoice), sends the signed
 * webhook events to `webhookUrl`, and redirects to the success URL. Tests drive
 * the rest of a subscription's life the same way (cancel at period end, end the
 * period, a failed payment, a paid invoice) and get each event both as an object
 * and as signed bytes (`stripe.webhooks.generateTestHeaderString`).
 */

export interface SignedEvent {
  event: StripeObject & { type: string; data: { object: StripeObject } };
  payload: string;
  signature: string;
}

export interface RecordedStripeRequest {
  method: string;
  path: string;
  query: Record<string, FormValue>;
  body: Record<string, FormValue>;
  headers: http.IncomingHttpHeaders;
  status: number;
}

interface StoredResponse {
  fingerprint: string;
  status: number;
  body: unknown;
}

export interface StripeFakeOptions {
  webhookSecret: string;
  /** Where the hosted checkout delivers the events it produces; tests may deliver themselves. */
  webhookUrl?: string;
  prices?: Record<string, FakePrice>;
}

export type StripeFake = Awaited<ReturnType<typeof startStripeFake>>;

const API_VERSION = "2026-11-18.endive";
const signer = new Stripe("sk_test_fake_signer");

export async function startStripeFake(opts: StripeFakeOptions) {
  const store = createStripeStore(opts.prices);
  const { customers, sessions, portalSessions, subscriptions, invoices, meterEvents } = store;
  const { priceOf, subscription, subscriptionItems, newInvoice } = store;
  const events: SignedEvent[] = [];
  const requests: RecordedStripeRequest[] = [];
  const idempotent = new Map<string, StoredResponse>();
  const injected: { path: RegExp; status: number; body: unknown; times: number }[] = [];

  function emit(type: string, object: StripeObject, previous?: Record<string, unknown>): SignedEvent {
    const event = {
      id: stripeId("evt"),
      object: "event",
      api_version: API_VERSION,
      created: nowSeconds(),
      data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    const signed = sign(event);
    events.push(signed);
    return signed;
  }

  /** Signs bytes as Stripe does (`t=…,v1=…`); `timestamp` in unix seconds, e.g. an old one for a stale delivery. */
  function sign(
    event: SignedEvent["event"],
    timestamp = nowSeconds(),
    secret = opts.webhookSecret,
  ): SignedEvent {
    const payload = JSON.stringify(event, null, 2);
    return {
      event,
      payload,
      signature: signer.webhooks.generateTestHeaderString({ payload, secret, timestamp }),
    };
  }

  /** A signature over any bytes, e.g. a body that is not an event at all. */
  const signPayload = (payload: string, timestamp = nowSeconds()) =>
    signer.webhooks.generateTestHeaderString({ payload, secret: opts.webhookSecret, timestamp });

  async function deliver(signed: SignedEvent[], url = opts.webhookUrl): Promise<number[]> {
    if (!url) throw new Error("stripe fake: no webhookUrl to deliver to");
    const statuses: number[] = [];
    for (const s of signed) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8", "stripe-signature": s.signature },
        body: s.payload,
      });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    return statuses;
  }

  /** Stripe's side of paying a Checkout session: the subscription, its first invoice and the events. */
  function completeCheckout(sessionId: string): SignedEvent[] {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`stripe fake: no checkout session ${sessionId}`);
    if (session.status !== "open")
      throw new Error(`stripe fake: checkout session ${sessionId} is ${session.status}`);
    const lineItems = session._line_items as { price: string; quantity: number | null }[];
    const sub = subscriptionObject({
      customer: session.customer as string,
      prices: lineItems.map((l) => ({ id: l.price, price: priceOf(l.price), quantity: l.quantity })),
      metadata: session._subscription_metadata as Record<string, string>,
      created: nowSeconds(),
    });
    subscriptions.set(sub.id, sub);
    const invoice = newInvoice(sub, true);
    Object.assign(session, {
      status: "complete",
      payment_status: "paid",
      subscription: sub.id,
      invoice: invoice.id,
    });
    return [
      emit("customer.subscription.created", sub),
      emit("invoice.paid", invoice),
      emit("checkout.session.completed", session),
    ];
  }

  function updateSubscription(id: string, patch: Record<string, unknown>): SignedEvent {
    const sub = subscription(id);
    const previous = Object.fromEntries(Object.keys(patch).map((k) => [k, sub[k]]));
    Object.assign(sub, patch);
    return emit("customer.subscription.updated", sub, previous);
  }

  const controls = {
    completeCheckout,
    /** The customer asks, in the portal, to cancel at the end of the period. */
    cancelAtPeriodEnd(id: string): SignedEvent[] {
      const end = (subscriptionItems(subscription(id))[0] as { current_period_end: number })
        .current_period_end;
      return [
        updateSubscription(id, { cancel_at_period_end: true, cancel_at: end, canceled_at: nowSeconds() }),
      ];
    },
    /** The period ends on a subscription set to cancel (or it is canceled now): Stripe deletes it. */
    endSubscription(id: string): SignedEvent[] {
      const sub = subscription(id);
      Object.assign(sub, {
        status: "canceled",
        ended_at: nowSeconds(),
        canceled_at: sub.canceled_at ?? nowSeconds(),
      });
      return [emit("customer.subscription.deleted", sub)];
    },
    /** A renewal's payment fails: an open invoice, and the subscription turns past_due. */
    failPayment(id: string): SignedEvent[] {
      const invoice = newInvoice(subscription(id), false);
      return [emit("invoice.payment_failed", invoice), updateSubscription(id, { status: "past_due" })];
    },
    /** The open invoice is paid (a retry succeeded or the card was updated): active again. */
    payInvoice(id: string): SignedEvent[] {
      const sub = subscription(id);
      const open =
        invoices.find((i) => i.id === sub.latest_invoice && i.status === "open") ?? newInvoice(sub, true);
      Object.assign(open, { status: "paid", amount_paid: open.amount_due, amount_remaining: 0 });
      return [emit("invoice.paid", open), updateSubscription(id, { status: "active" })];
    },
    /** Any event, e.g. one of a type Switchboard does not handle. */
    event(type: string, object: StripeObject): SignedEvent {
      return emit(type, object);
    },
    /** Stripe keeps idempotency keys for 24 hours; this is the day after (identifiers are kept longer). */
    forgetIdempotencyKeys() {
      idempotent.clear();
    },
    /** Answers the next `times` requests whose path matches with this status and Stripe error body. */
    failNext(path: RegExp, status: number, times = 1, message = "fake upstream failure") {
      injected.push({ path, status, times, body: stripeError("api_error", message) });
    },
  };

  async function hosted(method: string, path: string, res: http.ServerResponse): Promise<boolean> {
    /** The path's id when method and pattern match, else null. */
    const idIn = (want: string, re: RegExp) => (method === want ? (re.exec(path)?.[1] ?? null) : null);
    let m: string | null;
    m = idIn("GET", /^\/checkout\/([^/]+)$/);
    if (m) {
      const s = sessions.get(m);
      if (!s) return false;
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><title>Stripe Checkout (fake)</title><main><h1>Pay Switchboard</h1>` +
          `<p>Session ${s.id}</p><form method="post" action="/checkout/${s.id}/pay">` +
          `<button type="submit">Pay and subscribe</button></form>` +
          (s.cancel_url ? `<a href="${String(s.cancel_url)}">Back</a>` : "") +
          `</main>`,
      );
      return true;
    }
    m = idIn("POST", /^\/checkout\/([^/]+)\/pay$/);
    if (m) {
      const s = sessions.get(m);
      if (!s) return false;
      const produced = completeCheckout(s.id);
      // Stripe sends the events on its own schedule; the redirect waits so the success page sees them applied.
      await deliver(produced);
      const target = String(s.success_url).replace("{CHECKOUT_SESSION_ID}", s.id);
      res.writeHead(303, { location: target });
      res.end();
      return true;
    }
    m = idIn("GET", /^\/portal\/([^/]+)$/);
    if (m) {
      const s = portalSessions.get(m);
      if (!s) return false;
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><title>Billing portal (fake)</title><main><h1>Manage billing</h1>` +
          `<p>Customer ${String(s.customer)}</p><a href="${String(s.return_url ?? "/")}">Return</a></main>`,
      );
      return true;
    }
    return false;
  }

  const server = http.createServer(async (req, res) => {
    try {
      const method = req.method ?? "GET";
      const url = new URL(req.url ?? "/", "http://fake");
      let raw = "";
      for await (const chunk of req) raw += chunk;
      if (!url.pathname.startsWith("/v1/")) {
        if (await hosted(method, url.pathname, res)) return;
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("Not found");
        return;
      }
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, {
          "content-type": "application/json",
          "request-id": stripeId("req"),
          "stripe-version": API_VERSION,
          ...headers,
        });
        res.end(JSON.stringify(body));
      };
      let query: Record<string, FormValue> = {};
      let body: Record<string, FormValue> = {};
      const record_ = (status: number) =>
        requests.push({ method, path: url.pathname, query, body, headers: req.headers, status });
      const auth = req.headers.authorization ?? "";
      if (!auth.startsWith("Bearer ")) {
        record_(401);
        return send(401, stripeError("invalid_request_error", "You did not provide an API key."));
      }
      if (!auth.slice(7).startsWith("sk_test_")) {
        record_(401);
        return send(401, stripeError("invalid_request_error", "Invalid API Key provided."));
      }
      try {
        query = parseStripeForm(url.search.slice(1));
        body = parseStripeForm(raw);
      } catch (e) {
        record_(400);
        return send(400, stripeError("invalid_request_error", (e as Error).message));
      }
      const key = req.headers["idempotency-key"];
      const fingerprint = `${method} ${url.pathname} ${raw}`;
      if (typeof key === "string" && method === "POST") {
        const seen = idempotent.get(key);
        if (seen) {
          record_(seen.status);
          if (seen.fingerprint !== fingerprint) {
            return send(
              400,
              stripeError(
                "idempotency_error",
                `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
              ),
            );
          }
          return send(seen.status, seen.body, { "idempotent-replayed": "true" });
        }
      }
      const inject = injected.find((i) => i.times > 0 && i.path.test(url.pathname));
      let status: number;
      let out: unknown;
      if (inject) {
        inject.times--;
        status = inject.status;
        out = inject.body;
      } else {
        try {
          status = 200;
          out = apiRoute(store, method, url.pathname, query, body);
        } catch (e) {
          if (!(e instanceof FakeError)) throw e;
          status = e.status;
          out = e.body;
        }
      }
      // Stripe stores the result of an idempotent request unless it failed on its side (5xx).
      if (typeof key === "string" && method === "POST" && status < 500) {
        idempotent.set(key, { fingerprint, status, body: out });
      }
      record_(status);
      send(status, out);
    } catch (e) {
      res.destroy(e as Error);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  store.baseUrl = baseUrl;

  return {
    baseUrl,
    port,
    /** The variables that point the app's Stripe client here. */
    env: {
      STRIPE_API_HOST: "127.0.0.1",
      STRIPE_API_PORT: String(port),
      STRIPE_API_PROTOCOL: "http",
    },
    customers,
    sessions,
    subscriptions,
    invoices,
    meterEvents,
    events,
    requests,
    sign,
    signPayload,
    deliver,
    ...controls,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
