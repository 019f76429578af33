import { webRoutes } from "@/lib/http/operation-routes";
import { revokeInvitationOp } from "@/lib/invitations/contract";

export const { GET, POST, PUT, PATCH, DELETE } = webRoutes(revokeInvitationOp);
