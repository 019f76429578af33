import { createProductOp, listProductsOp } from "@/lib/catalog/contract";
import { webRoutes } from "@/lib/http/operation-routes";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(listProductsOp, createProductOp);
