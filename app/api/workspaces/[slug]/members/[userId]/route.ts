import { webRoutes } from "@/lib/http/operation-routes";
import { changeMemberRoleOp, removeMemberOp } from "@/lib/members/contract";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(changeMemberRoleOp, removeMemberOp);
