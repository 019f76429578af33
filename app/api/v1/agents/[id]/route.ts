import { deleteAgentOp, getAgentOp, updateAgentOp } from "@/lib/agents/contract";
import { v1Routes } from "@/lib/http/operation-routes";

export const { GET, POST, PUT, PATCH, DELETE } = v1Routes(getAgentOp, updateAgentOp, deleteAgentOp);
