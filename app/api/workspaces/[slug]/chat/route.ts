import { after } from "next/server";
import { chatEndpoint } from "@/lib/chat/chat-endpoint";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export const maxDuration = 300;

// In production the app server answers this POST itself (server/direct-routes.ts), with
// this same handler; `next dev` and any other host come through here.
export const POST = chatEndpoint({ waitUntil: after });

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
