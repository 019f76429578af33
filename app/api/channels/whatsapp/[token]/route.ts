import { whatsappEndpoint } from "@/lib/channels/whatsapp/endpoint";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

// GET: Meta's subscription check (hub.challenge); POST: signed webhooks. See lib/channels/whatsapp/webhook.ts.
export const GET = whatsappEndpoint;
export const POST = whatsappEndpoint;

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
