import { chatwootWebhookEndpoint } from "@/lib/channels/chatwoot/endpoint";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

// Chatwoot's events for one inbox (agent bot or webhook); the token in the URL names the inbox.
export const POST = chatwootWebhookEndpoint;

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
