import { stopReplyOp } from "@/lib/conversations/contract";
import { webRoutes } from "@/lib/http/operation-routes";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(stopReplyOp);
