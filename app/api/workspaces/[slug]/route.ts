import { webRoutes } from "@/lib/http/operation-routes";
import { deleteWorkspaceOp, getWorkspaceOp, updateWorkspaceOp } from "@/lib/workspaces/contract";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(
  getWorkspaceOp,
  updateWorkspaceOp,
  deleteWorkspaceOp,
);
