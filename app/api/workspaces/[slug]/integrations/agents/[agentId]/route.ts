import { webRoutes } from "@/lib/http/operation-routes";
import { listAgentGrantsOp, setAgentGrantsOp } from "@/lib/integrations/contract";

// The same grants seen from one agent: which integration tools it may call.
export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(listAgentGrantsOp, setAgentGrantsOp);
