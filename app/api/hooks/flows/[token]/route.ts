import { webhookEndpoint } from "@/lib/flows/triggers/webhook";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export const maxDuration = 150;

// In production the app server answers this POST itself (server/direct-routes.ts), with
// this same handler; `next dev` and any other host come through here.
export const POST = webhookEndpoint;

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
