import { webRoutes } from "@/lib/http/operation-routes";
import { getUsageOp } from "@/lib/usage/contract";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(getUsageOp);
