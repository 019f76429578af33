import { getBillingOp } from "@/lib/billing/contract";
import { webRoutes } from "@/lib/http/operation-routes";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(getBillingOp);
