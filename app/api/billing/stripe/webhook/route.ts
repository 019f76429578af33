import { stripeWebhookEndpoint } from "@/lib/billing/stripe/webhook";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

// Stripe's signed events: the raw body is verified by the SDK before anything reads it.
export const POST = stripeWebhookEndpoint;

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
