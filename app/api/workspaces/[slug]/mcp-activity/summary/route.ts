import { webRoutes } from "@/lib/http/operation-routes";
import { summarizeMcpCallsOp } from "@/lib/mcp-activity/contract";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(summarizeMcpCallsOp);
