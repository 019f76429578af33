import { listAuditLogOp } from "@/lib/audit/contract";
import { webRoutes } from "@/lib/http/operation-routes";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(listAuditLogOp);
