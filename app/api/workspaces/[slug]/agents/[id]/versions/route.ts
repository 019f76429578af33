import { listAgentVersionsOp } from "@/lib/agents/contract";
import { webRoutes } from "@/lib/http/operation-routes";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(listAgentVersionsOp);
