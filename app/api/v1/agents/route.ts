import { createAgentOp, listAgentsOp } from "@/lib/agents/contract";
import { v1Routes } from "@/lib/http/operation-routes";

export const { GET, POST, PUT, PATCH, DELETE } = v1Routes(listAgentsOp, createAgentOp);
