import { createPortalOp } from "@/lib/billing/stripe/contract";
import { webRoutes } from "@/lib/http/operation-routes";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(createPortalOp);
