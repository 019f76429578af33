import { widgetSessionEndpoint } from "@/lib/channels/widget/endpoints";
import { methodsNotAllowed } from "@/lib/http/method-not-allowed";

export const POST = widgetSessionEndpoint;
export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
