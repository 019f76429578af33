import { webRoutes } from "@/lib/http/operation-routes";
import { refreshIntegrationOp } from "@/lib/integrations/contract";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(refreshIntegrationOp);
