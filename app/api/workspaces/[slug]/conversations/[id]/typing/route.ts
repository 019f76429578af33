import { operatorTypingOp } from "@/lib/channels/contract";
import { webRoutes } from "@/lib/http/operation-routes";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(operatorTypingOp);
