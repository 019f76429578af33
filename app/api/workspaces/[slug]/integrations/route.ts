import { webRoutes } from "@/lib/http/operation-routes";
import { createIntegrationOp, listIntegrationsOp } from "@/lib/integrations/contract";

// Responses carry the masked view only: never the secret or its ciphertext.
export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(listIntegrationsOp, createIntegrationOp);
