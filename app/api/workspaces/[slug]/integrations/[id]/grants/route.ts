import { webRoutes } from "@/lib/http/operation-routes";
import { listIntegrationGrantsOp, setIntegrationGrantsOp } from "@/lib/integrations/contract";

// Which agents may call which tools of this integration.
export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(listIntegrationGrantsOp, setIntegrationGrantsOp);
