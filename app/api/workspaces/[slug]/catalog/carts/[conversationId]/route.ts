import { getCartOp } from "@/lib/catalog/contract";
import { webRoutes } from "@/lib/http/operation-routes";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(getCartOp);
