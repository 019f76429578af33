import { webRoutes } from "@/lib/http/operation-routes";
import { testProviderConnectionOp } from "@/lib/providers/contract";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(testProviderConnectionOp);
