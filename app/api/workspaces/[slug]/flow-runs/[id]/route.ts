import { getFlowRunOp } from "@/lib/flows/contract";
import { webRoutes } from "@/lib/http/operation-routes";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(getFlowRunOp);
