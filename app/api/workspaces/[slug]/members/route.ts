import { webRoutes } from "@/lib/http/operation-routes";
import { listMembersOp } from "@/lib/members/contract";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(listMembersOp);
