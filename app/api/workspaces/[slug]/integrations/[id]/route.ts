import { webRoutes } from "@/lib/http/operation-routes";
import { deleteIntegrationOp, getIntegrationOp, updateIntegrationOp } from "@/lib/integrations/contract";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(
  getIntegrationOp,
  updateIntegrationOp,
  deleteIntegrationOp,
);
