import { webRoutes } from "@/lib/http/operation-routes";
import { deleteProviderConnectionOp, updateProviderConnectionOp } from "@/lib/providers/contract";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(
  updateProviderConnectionOp,
  deleteProviderConnectionOp,
);
