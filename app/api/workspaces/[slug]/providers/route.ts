import { webRoutes } from "@/lib/http/operation-routes";
import { createProviderConnectionOp, listProviderConnectionsOp } from "@/lib/providers/contract";

// Responses carry the masked view only: never the key or its ciphertext.
export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(
  listProviderConnectionsOp,
  createProviderConnectionOp,
);
