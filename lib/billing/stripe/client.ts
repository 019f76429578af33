import Stripe from "stripe";
import { env } from "../../env";
import { AppError } from "../../errors";

/**
 * The one Stripe client of this process, built from the environment:
 * `STRIPE_SECRET_KEY`, and `STRIPE_API_HOST/PORT/PROTOCOL` when the API is
 * somewhere else than api.stripe.com (the tests' fake, test/fakes/stripe-fake.ts).
 * Rebuilt when any of those change, so a test that starts a fake after the
 * first call still reaches it.
 */
let cached: { key: string; client: Stripe } | undefined;

export function stripeClient(): Stripe {
  const e = env();
  const secret = e.STRIPE_SECRET_KEY;
  if (!secret) throw new AppError("not_found", "Billing is not enabled on this instance.");
  const key = [secret, e.STRIPE_API_HOST, e.STRIPE_API_PORT, e.STRIPE_API_PROTOCOL].join("|");
  if (cached?.key !== key) {
    cached = {
      key,
      client: new Stripe(secret, {
        ...(e.STRIPE_API_HOST ? { host: e.STRIPE_API_HOST } : {}),
        ...(e.STRIPE_API_PORT ? { port: e.STRIPE_API_PORT } : {}),
        ...(e.STRIPE_API_PROTOCOL ? { protocol: e.STRIPE_API_PROTOCOL } : {}),
        // The SDK retries network failures and 409/5xx with an idempotency key of its own.
        maxNetworkRetries: 2,
        timeout: 20_000,
        telemetry: false,
        appInfo: { name: "Switchboard" },
      }),
    };
  }
  return cached.client;
}

/** Stripe's documented error codes we branch on. */
export function stripeErrorCode(e: unknown): string | undefined {
  return e instanceof Stripe.errors.StripeError ? e.code : undefined;
}

/** A Stripe failure as our error: the cause is logged, the user sees a safe message. */
export function stripeUnavailable(e: unknown): AppError {
  return new AppError("unavailable", "Stripe could not be reached. Try again in a moment.", { cause: e });
}
