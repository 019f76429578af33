import { widgetEventsEndpoint } from "@/lib/channels/widget/endpoints";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export const dynamic = "force-dynamic";

export const GET = widgetEventsEndpoint;
export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
