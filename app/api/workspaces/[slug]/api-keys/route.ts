import { createApiKeyOp, listApiKeysOp } from "@/lib/api-keys/contract";
import { webRoutes } from "@/lib/http/operation-routes";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(listApiKeysOp, createApiKeyOp);
