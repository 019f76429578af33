import { webRoutes } from "@/lib/http/operation-routes";
import { listMcpCallsOp } from "@/lib/mcp-activity/contract";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(listMcpCallsOp);
