import { webRoutes } from "@/lib/http/operation-routes";
import { leaveWorkspaceOp } from "@/lib/members/contract";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(leaveWorkspaceOp);
