import { webRoutes } from "@/lib/http/operation-routes";
import { listAvailableModelsOp } from "@/lib/providers/contract";

/** The choices for an agent's model: instance providers, this workspace's connections, offline. */
export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(listAvailableModelsOp);
