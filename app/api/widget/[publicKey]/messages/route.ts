import { widgetHistoryEndpoint, widgetSendEndpoint } from "@/lib/channels/widget/endpoints";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export const dynamic = "force-dynamic";
// A bot reply streams for as long as the agent takes (its own deadline is 120 s).
export const maxDuration = 150;

export const GET = widgetHistoryEndpoint;
export const POST = widgetSendEndpoint;
export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
