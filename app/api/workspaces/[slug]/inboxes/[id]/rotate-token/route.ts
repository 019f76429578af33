import { webRoutes } from "@/lib/http/operation-routes";
import { rotateInboxTokenOp } from "@/lib/inboxes/contract";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(rotateInboxTokenOp);
