import { deleteProductOp, getProductOp, updateProductOp } from "@/lib/catalog/contract";
import { webRoutes } from "@/lib/http/operation-routes";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(getProductOp, updateProductOp, deleteProductOp);
